using System.IO.Pipelines;
using System.Net;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>A link that opens but on which the chip never answers, as a board flashed with something other than Firmata.</summary>
internal sealed class SilentFirmataTransport : IFirmataTransport
{
    private readonly List<Pipe> _keepAlive = [];

    public string Description => "memory:silent-chip";

    public bool UsesSerialConsole => false;

    public bool HasFlowControl => true;

    public Task<FirmataConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var toChip = new Pipe();
        var toHost = new Pipe();
        lock (_keepAlive)
        {
            _keepAlive.Add(toChip);
            _keepAlive.Add(toHost);
        }

        return Task.FromResult(new FirmataConnection(new DuplexPipeStream(toHost.Reader, toChip.Writer), IPAddress.None));
    }
}
