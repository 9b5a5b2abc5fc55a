using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Engine;

/// <summary>What a workload does as the engine's event loop turns; every callback runs on the loop's one thread.</summary>
internal interface IWorkload
{
    /// <summary>A connection's handshake was answered with 101 at <paramref name="now"/>.</summary>
    void OnOpen(LoadEngine engine, ClientConnection connection, long now);

    /// <summary>A whole server frame arrived on an open connection.</summary>
    void OnFrame(LoadEngine engine, ClientConnection connection, in ServerFrame frame, long now);

    /// <summary>A connection failed (refused, reset, closed by the server).</summary>
    void OnFailed(LoadEngine engine, ClientConnection connection, long now);

    /// <summary>Once per turn of the loop, after the ready events; returns true when the workload is done.</summary>
    bool OnTick(LoadEngine engine, long now);
}
