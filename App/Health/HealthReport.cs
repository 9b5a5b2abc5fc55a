namespace EspWs.App.Health;

/// <summary>Whether the device serves as it should, and if not, why: what <c>GET /healthz</c> answers.</summary>
/// <param name="IsUp">True when the listener and the board's link are both up.</param>
/// <param name="Reason">Empty when up; otherwise one short sentence naming what is down.</param>
public readonly record struct HealthReport(bool IsUp, string Reason);
