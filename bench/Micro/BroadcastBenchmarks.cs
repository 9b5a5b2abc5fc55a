using System.Net;
using BenchmarkDotNet.Attributes;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Bench.Micro;

/// <summary>
/// What a broadcast costs beyond the clients it reaches: a server with many slots, none of them connected, so the
/// time is the search for recipients alone (the load tool's fan-out figure has 1 000 clients on 12 000 slots).
/// </summary>
public class BroadcastBenchmarks : IAsyncDisposable
{
    private static readonly byte[] StateFrame = ServerFrames.Text("{\"type\":\"led\",\"on\":true,\"seq\":1}"u8);

    private WebSocketServer? _server;

    /// <summary>The server's slot count (Server:MaxClients).</summary>
    [Params(64, 12_000)]
    public int Slots { get; set; }

    /// <summary>Creates the server; it need not listen to be broadcast to.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _server = new WebSocketServer(
            new WebSocketServerOptions { BindAddress = IPAddress.Loopback, Port = 0, MaxClients = Slots, PingInterval = TimeSpan.Zero },
            new IgnoringHandler(),
            new ControlPageEndpoint(new BenchStatusSource()),
            NullLoggerFactory.Instance);
    }

    /// <summary>Broadcasts one state frame; no slot is connected, so it reaches no one.</summary>
    [Benchmark]
    public int BroadcastToNoClient() => _server!.Broadcast(StateFrame);

    /// <summary>Stops the server.</summary>
    [GlobalCleanup]
    public void Cleanup() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    private sealed class IgnoringHandler : IMessageHandler
    {
        public void OnMessage(IClientConnection client, Opcode opcode, ReadOnlySpan<byte> payload)
        {
        }
    }
}
