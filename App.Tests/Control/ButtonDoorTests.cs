using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Control;

public sealed class ButtonDoorTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly List<string> _log = [];
    private readonly RecordingClient _client;
    private readonly RecordingPwmLed _led;
    private readonly LedController _controller;
    private readonly FakeButton _button = new();

    public ButtonDoorTests()
    {
        _client = new RecordingClient(1, _log);
        _led = new RecordingPwmLed(_clock);
        _controller = new LedController(_led, new RecordingClients(_client), NullLogger<LedController>.Instance, time: _clock);
    }

    [Fact]
    public async Task A_click_toggles_the_led_by_default_and_every_client_hears_the_press_first()
    {
        using ButtonDoor door = Door(new ButtonSettings());

        _button.Raise(ButtonEvent.Click);
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.True(_led.IsOn);
        Assert.Equal(["""{"type":"button","event":"click"}""", """{"type":"led","on":true,"brightness":100,"seq":1}"""], _client.Received);
    }

    [Fact]
    public async Task Long_and_double_clicks_run_their_configured_actions()
    {
        using ButtonDoor door = Door(new ButtonSettings { Click = ButtonAction.None, DoubleClick = ButtonAction.On, LongClick = ButtonAction.BrightnessDown, BrightnessStep = 30 });

        _button.Raise(ButtonEvent.DoubleClick);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _button.Raise(ButtonEvent.LongClick);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _button.Raise(ButtonEvent.Click);
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.Equal(new LedState(true, 2, 70), _controller.State);
        Assert.Equal(
            [
                """{"type":"button","event":"double-click"}""",
                """{"type":"led","on":true,"brightness":100,"seq":1}""",
                """{"type":"button","event":"long-click"}""",
                """{"type":"led","on":true,"brightness":70,"seq":2}""",
                """{"type":"button","event":"click"}""",
            ],
            _client.Received);
    }

    [Fact]
    public async Task Presses_closer_than_the_minimum_spacing_are_dropped_so_a_bad_contact_cannot_flood()
    {
        using ButtonDoor door = Door(new ButtonSettings());

        for (int i = 0; i < 50; i++)
        {
            _button.Raise(ButtonEvent.Click);
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        Assert.Equal(5, _client.Received.Count(m => m.Contains("\"button\"", StringComparison.Ordinal)));
        Assert.Equal(5, _controller.State.Sequence);
    }

    [Fact]
    public void Double_clicks_are_listened_for_only_when_they_have_an_action()
    {
        using (Door(new ButtonSettings()))
        {
            Assert.False(_button.ListensForDoubleClicks);
        }

        using (Door(new ButtonSettings { DoubleClick = ButtonAction.Off }))
        {
            Assert.True(_button.ListensForDoubleClicks);
        }

        Assert.False(_button.ListensForDoubleClicks);
    }

    private ButtonDoor Door(ButtonSettings settings) => new(_button, _controller, settings, _clock, NullLogger<ButtonDoor>.Instance);

    private sealed class FakeButton : IButton
    {
        public event EventHandler? PressStarted;

        public event EventHandler? PressEnded;

        public event EventHandler? Clicked;

        public event EventHandler? LongClicked;

        public event EventHandler? DoubleClicked;

        public bool State => false;

        public TimeSpan LongClickedThreshold { get; set; }

        public bool ListensForDoubleClicks => DoubleClicked is not null;

        public void Raise(ButtonEvent press)
        {
            PressStarted?.Invoke(this, EventArgs.Empty);
            PressEnded?.Invoke(this, EventArgs.Empty);
            (press switch
            {
                ButtonEvent.Click => Clicked,
                ButtonEvent.DoubleClick => DoubleClicked,
                _ => LongClicked,
            })?.Invoke(this, EventArgs.Empty);
        }
    }
}
