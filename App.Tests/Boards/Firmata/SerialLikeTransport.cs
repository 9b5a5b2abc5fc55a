using System.Net;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>Another transport presented as a serial link, so the board applies its serial-only pin rules.</summary>
internal sealed class SerialLikeTransport(IFirmataTransport inner) : IFirmataTransport
{
    public string Description => "serial:/dev/ttyEMULATED@115200";

    public bool UsesSerialConsole => true;

    public bool HasFlowControl => false;

    /// <summary>Opens the inner link; like a real serial port, it has no address.</summary>
    public async Task<FirmataConnection> OpenAsync(CancellationToken cancellationToken) =>
        (await inner.OpenAsync(cancellationToken)) with { Address = IPAddress.None };
}
