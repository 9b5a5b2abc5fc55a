using BenchmarkDotNet.Attributes;
using EspWs.App.Server;

namespace EspWs.Bench.Micro;

/// <summary>
/// What a broadcast costs beyond the clients it reaches: a server with many slots, none of them connected, so the
/// time is the search for recipients alone (the load tool's fan-out figure has 1 000 clients on 12 000 slots).
/// </summary>
public class BroadcastBenchmarks : IAsyncDisposable
{
    private static readonly byte[] StateFrame = ServerFrames.Text("{\"type\":\"led\",\"on\":true,\"seq\":1}"u8);

    private BenchHost? _host;

    /// <summary>The server's slot count (Server:MaxClients).</summary>
    [Params(64, 12_000)]
    public int Slots { get; set; }

    /// <summary>Creates the server; it need not listen to be broadcast to.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _host = new BenchHost(Slots);
    }

    /// <summary>Broadcasts one state frame; no slot is connected, so it reaches no one.</summary>
    [Benchmark]
    public int BroadcastToNoClient() => _host!.Host.Server.Broadcast(StateFrame);

    /// <summary>Stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

}
