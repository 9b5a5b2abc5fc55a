using EspWs.App.Server;
using EspWs.App.Server.Connections;

namespace EspWs.App.Tests.Server;

/// <summary>A connection stand-in that records which lifecycle actions ran, in order.</summary>
internal sealed class RecordingLifecycleActions : ILifecycleActions
{
    public ConnectionState State { get; set; }

    public List<string> Actions { get; } = [];

    public bool ThrowOnJoin { get; init; }

    public void ArmHandshakeDeadline() => Actions.Add("arm handshake");

    public void DisarmHandshakeDeadline() => Actions.Add("disarm handshake");

    public void JoinBroadcastSet()
    {
        if (ThrowOnJoin)
        {
            throw new InvalidOperationException("join failed");
        }

        Actions.Add("join");
    }

    public void LeaveBroadcastSet() => Actions.Add("leave");

    public void ArmKeepalive() => Actions.Add("arm keepalive");

    public void DisarmKeepalive() => Actions.Add("disarm keepalive");

    public void StartSendPump() => Actions.Add("start pump");

    public void StopSendPump() => Actions.Add("stop pump");

    public void ArmCloseDeadline() => Actions.Add("arm close");

    public Task SendCloseAsync(ushort code, string reason)
    {
        Actions.Add($"send close {code} {reason}".TrimEnd());
        return Task.CompletedTask;
    }

    public void CountCloseReceived(ushort code) => Actions.Add($"count close {code}");

    public void CountRefusal(int status) => Actions.Add($"count refusal {status}");

    public void Release() => Actions.Add("release");

    public void Abort(string why) => Actions.Add("abort");
}
