using System.Device.Gpio;
using EspWs.App.Tests.Boards.LinuxGpio;
using EspWs.Hardware;
using EspWs.Hardware.Boards.LinuxGpio;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Boards.StandIns;

/// <summary>The Linux GPIO board on a <see cref="FakeGpioDriver"/>, its LED active-low on GPIO17; its link is a fake interface polled on a fake clock.</summary>
internal sealed class LinuxGpioStandIn : IBoardStandIn
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly FakeGpioDriver _driver = new();
    private readonly FakeNetworkInterface _network = new(up: true);
    private readonly FakeTimeProvider _pollClock = new();
    private readonly LinuxGpioBoard _board;

    public LinuxGpioStandIn() =>
        _board = new LinuxGpioBoard(_driver, new LinuxGpioBoardOptions { LedPin = 17, ActiveLow = true, InterfacePollInterval = Poll },
            null, _pollClock, _network, _network);

    public IBoard Board => _board;

    public bool LedIsLit => _driver.IsOpen(17) && _driver.Level(17) == PinValue.Low;

    public Task CutLinkAsync()
    {
        _network.Set(up: false);
        _pollClock.Advance(Poll);
        return Task.CompletedTask;
    }

    public Task RestoreLinkAsync()
    {
        _network.Set(up: true);
        _pollClock.Advance(Poll);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _board.Dispose();
        return ValueTask.CompletedTask;
    }
}
