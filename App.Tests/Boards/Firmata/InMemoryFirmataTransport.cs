using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>The link from the board under test to a <see cref="FirmataDeviceEmulator"/>, as if over Wi-Fi.</summary>
internal sealed class InMemoryFirmataTransport(FirmataDeviceEmulator emulator) : IFirmataTransport
{
    public string Description => "memory:esp32-emulator";

    public bool UsesSerialConsole => false;

    public bool HasFlowControl => true;

    public Task<FirmataConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(emulator.Open());
    }
}
