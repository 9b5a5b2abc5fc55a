using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>The emulated chip served over TCP on 127.0.0.1 and a free port, as ConfigurableFirmata's Wi-Fi server (port 27016) would be.</summary>
public sealed class FirmataTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<(Socket Socket, FirmataEmulatorSession Session)> _links = [];
    private readonly Task _accepting;

    public FirmataTcpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public FirmataChip Chip { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Link => $"tcp:127.0.0.1:{Port}";

    /// <summary>Resets the chip with its TCP links left open (as behind a serial-to-Wi-Fi bridge): it boots and announces itself.</summary>
    public Task RestartChipAsync()
    {
        FirmataEmulatorSession[] sessions;
        lock (_links)
        {
            sessions = [.. _links.Select(link => link.Session)];
        }

        return FirmataBoot.RestartAsync(Chip, sessions, withRomLog: true);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        (Socket Socket, FirmataEmulatorSession Session)[] links;
        lock (_links)
        {
            links = [.. _links];
        }

        foreach ((Socket socket, FirmataEmulatorSession session) in links)
        {
            await session.DropAsync();
            socket.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await _listener.AcceptSocketAsync();
                var stream = new NetworkStream(socket, ownsSocket: false);
                var session = new FirmataEmulatorSession(Chip, PipeReader.Create(stream), PipeWriter.Create(stream));
                lock (_links)
                {
                    _links.Add((socket, session));
                }
            }
        }
        catch (SocketException)
        {
            // Stopped.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
