using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Protocol;

namespace EspWs.Bench.Load.Workloads;

/// <summary>Keeps open connections idle for a while, noticing any the server closes meanwhile.</summary>
internal sealed class HoldWorkload(long until) : IWorkload
{
    /// <summary>Connections lost while held.</summary>
    public int Lost { get; private set; }

    /// <inheritdoc/>
    public void OnOpen(LoadEngine engine, ClientConnection connection, long now)
    {
    }

    /// <inheritdoc/>
    public void OnFrame(LoadEngine engine, ClientConnection connection, in ServerFrame frame, long now)
    {
    }

    /// <inheritdoc/>
    public void OnFailed(LoadEngine engine, ClientConnection connection, long now) => Lost++;

    /// <inheritdoc/>
    public bool OnTick(LoadEngine engine, long now) => now >= until;
}
