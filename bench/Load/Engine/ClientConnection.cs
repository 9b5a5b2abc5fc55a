using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Engine;

/// <summary>One client connection of the load tool: its descriptor, where it is in its life, and what the workload keeps on it.</summary>
internal sealed class ClientConnection(int index)
{
    /// <summary>The connection's place in its engine, and its epoll token.</summary>
    public int Index { get; } = index;

    /// <summary>The socket, or -1.</summary>
    public int Fd = -1;

    /// <summary>Where it is in its life.</summary>
    public ConnectionPhase Phase;

    /// <summary>When the connect started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long ConnectStartedAt;

    /// <summary>The response head received so far, while handshaking.</summary>
    public byte[]? Head;

    /// <summary>How many bytes of <see cref="Head"/> are filled.</summary>
    public int HeadLength;

    /// <summary>Counts the frames the server sends.</summary>
    public FrameScanner Scanner;

    /// <summary>What it still has to send.</summary>
    public Outgoing Out;

    /// <summary>True while it waits for the socket to become writable.</summary>
    public bool WaitsToWrite;

    /// <summary>When each message in flight was sent, in order: a ring as long as the most messages in flight.</summary>
    public long[] SentAt = [];

    /// <summary>Messages sent since the workload started.</summary>
    public long SentCount;

    /// <summary>Echoes received since the workload started.</summary>
    public long ReceivedCount;

    /// <summary>Why it failed, when <see cref="Phase"/> is <see cref="ConnectionPhase.Failed"/>.</summary>
    public string? Failure;

    /// <summary>Messages sent and not yet answered.</summary>
    public long InFlight => SentCount - ReceivedCount;

    /// <summary>Clears what a workload kept on it, so that the next one starts from nothing.</summary>
    public void ResetCounters(int maxInFlight)
    {
        if (SentAt.Length < maxInFlight)
        {
            SentAt = new long[maxInFlight];
        }

        SentCount = 0;
        ReceivedCount = 0;
    }
}
