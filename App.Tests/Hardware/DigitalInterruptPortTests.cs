using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Hardware;

/// <summary>The filtering every board's input ports share, driven through the simulated board's button.</summary>
public sealed class DigitalInterruptPortTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedBoard _board;
    private readonly List<DigitalPortResult> _edges = [];

    public DigitalInterruptPortTests() => _board = new SimulatedBoard(timeProvider: _time);

    public void Dispose() => _board.Dispose();

    private IPin Pin => _board.Pins.D13;

    [Fact]
    public void An_input_with_a_pull_up_reads_high_until_its_button_is_pressed()
    {
        using IDigitalInterruptPort port = Open(InterruptMode.EdgeBoth, TimeSpan.Zero, TimeSpan.Zero);
        Assert.True(port.State);

        _board.PressButton(Pin);

        Assert.False(port.State);
        DigitalPortResult edge = Assert.Single(_edges);
        Assert.False(edge.New.State);
        Assert.Null(edge.Old);
    }

    [Fact]
    public void The_second_edge_carries_the_first_as_its_old_state()
    {
        using IDigitalInterruptPort port = Open(InterruptMode.EdgeBoth, TimeSpan.Zero, TimeSpan.Zero);
        _board.PressButton(Pin);
        _time.Advance(TimeSpan.FromMilliseconds(30));

        _board.ReleaseButton(Pin);

        Assert.Equal(2, _edges.Count);
        Assert.Equal(_edges[0].New, _edges[1].Old);
        Assert.Equal(TimeSpan.FromMilliseconds(30), _edges[1].New.Time - _edges[0].New.Time);
    }

    [Fact]
    public void A_level_shorter_than_the_glitch_duration_is_dropped()
    {
        using IDigitalInterruptPort port = Open(InterruptMode.EdgeBoth, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

        _board.PressButton(Pin);
        _time.Advance(TimeSpan.FromMilliseconds(9));
        _board.ReleaseButton(Pin);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(_edges);
    }

    [Fact]
    public void A_level_that_holds_for_the_glitch_duration_is_told_then()
    {
        using IDigitalInterruptPort port = Open(InterruptMode.EdgeBoth, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

        _board.PressButton(Pin);
        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Empty(_edges);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Single(_edges);
    }

    [Fact]
    public void Only_the_selected_edges_are_raised()
    {
        using IDigitalInterruptPort port = Open(InterruptMode.EdgeFalling, TimeSpan.Zero, TimeSpan.Zero);

        _board.PressButton(Pin);
        _board.ReleaseButton(Pin);
        _board.PressButton(Pin);

        Assert.Equal(2, _edges.Count);
        Assert.All(_edges, edge => Assert.False(edge.New.State));
    }

    [Fact]
    public void Negative_durations_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Open(InterruptMode.EdgeBoth, TimeSpan.FromTicks(-1), TimeSpan.Zero));
        using IDigitalInterruptPort port = Open(InterruptMode.EdgeBoth, TimeSpan.Zero, TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => port.GlitchDuration = TimeSpan.FromTicks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => port.DebounceDuration = TimeSpan.FromTicks(-1));
    }

    [Fact]
    public void A_disposed_port_raises_nothing_more_and_frees_its_pin()
    {
        IDigitalInterruptPort port = Open(InterruptMode.EdgeBoth, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        _board.PressButton(Pin);

        port.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(_edges);
        Assert.Throws<ObjectDisposedException>(() => port.State);
        using IDigitalOutputPort output = _board.CreateDigitalOutputPort(Pin);
    }

    private IDigitalInterruptPort Open(InterruptMode mode, TimeSpan debounce, TimeSpan glitch)
    {
        IDigitalInterruptPort port = _board.CreateDigitalInterruptPort(Pin, mode, ResistorMode.InternalPullUp, debounce, glitch);
        port.Changed += (_, edge) => _edges.Add(edge);
        return port;
    }
}
