namespace EspWs.App.Server.Connections;

/// <summary>
/// What a phase of a connection reports when it ends: the lifecycle trigger the connection fires next, with the
/// trigger's close code (or HTTP status) and reason where it has them.
/// </summary>
internal readonly record struct LifecycleEvent(ConnectionTrigger Trigger, ushort Code = 0, string Reason = "");
