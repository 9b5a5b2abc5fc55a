using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;

namespace EspWs.App.Tests.Boards.StandIns;

/// <summary>The simulated board: its LED is an in-memory pin, its link its simulated Wi-Fi.</summary>
internal sealed class SimulatedStandIn : IBoardStandIn
{
    private readonly SimulatedBoard _board = new(wiFiOptions: new SimulatedWiFiOptions { ConnectDelay = TimeSpan.FromMilliseconds(10) });

    public IBoard Board => _board;

    public bool LedIsLit => _board.GetDutyCycle(_board.Pins.OnboardLed) > 0;

    public Task CutLinkAsync() => _board.WiFi.DisconnectAsync();

    public Task RestoreLinkAsync() => _board.WiFi.ConnectAsync("EspWs-Lab", "", TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync()
    {
        _board.Dispose();
        return ValueTask.CompletedTask;
    }
}
