using System.Text;
using EspWs.App.Control;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EspWs.App.Tests.Control;

public sealed class LedControllerDimmingTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);
    private readonly FakeTimeProvider _clock = new();
    private readonly List<string> _log = [];
    private readonly RecordingPwmLed _led;
    private readonly RecordingClient _sender;
    private readonly RecordingClient _other;
    private readonly LedController _controller;

    public LedControllerDimmingTests()
    {
        _led = new RecordingPwmLed(_clock);
        _sender = new RecordingClient(1, _log);
        _other = new RecordingClient(2, _log);
        _controller = new LedController(_led, new RecordingClients(_sender, _other), NullLogger<LedController>.Instance, time: _clock, fadeStepInterval: Step);
    }

    [Fact]
    public async Task A_brightness_from_one_client_sets_the_duty_cycle_and_every_client_hears_the_state_once()
    {
        await SendAsync("""{"on":true,"brightness":40}""");

        Assert.Equal(BrightnessCurve.DutyCycle(0.4f), _led.Brightness);
        const string state = """{"type":"led","on":true,"brightness":40,"seq":1}""";
        Assert.Equal([state], _sender.Received);
        Assert.Equal([state], _other.Received);
        Assert.Equal(new LedState(true, 1, 40), _controller.State);
    }

    [Fact]
    public async Task A_two_second_fade_reaches_its_target_in_two_seconds_within_one_step_and_is_told_once()
    {
        await SendAsync("""{"on":true,"brightness":100,"transition":2}""");

        TimeSpan? reached = null;
        for (int i = 0; i < 150 && reached is null; i++)
        {
            _clock.Advance(Step);
            if (_led.Brightness == 1f)
            {
                reached = _led.Writes[^1].At;
            }
        }

        Assert.NotNull(reached);
        Assert.InRange(reached.Value, TimeSpan.FromSeconds(2) - Step, TimeSpan.FromSeconds(2) + Step);
        Assert.Equal(["""{"type":"led","on":true,"brightness":100,"seq":1,"transition":2}"""], _other.Received);
        Assert.InRange(_led.Writes.Count, 10, (int)(TimeSpan.FromSeconds(2) / Step) + 1);
        Assert.Equal(TimeSpan.Zero, _controller.Fading);
    }

    [Fact]
    public async Task A_fade_rises_evenly_to_the_eye_one_step_at_a_time()
    {
        await SendAsync("BRIGHTNESS 100 1");
        _clock.Advance(TimeSpan.FromSeconds(0.5));

        float halfway = _led.Brightness;

        Assert.Equal(BrightnessCurve.DutyCycle(0.5f), halfway, 0.01f);
        Assert.True(_led.Writes.Select(w => w.Duty).SequenceEqual(_led.Writes.Select(w => w.Duty).Order()), "a rising fade never steps down");
    }

    [Fact]
    public async Task A_command_during_a_fade_starts_from_where_the_led_is()
    {
        await SendAsync("""{"on":true,"brightness":100,"transition":2}""");
        _clock.Advance(TimeSpan.FromSeconds(1));
        float middle = _led.Brightness;

        await SendAsync("""{"brightness":20,"transition":1}""");
        int before = _led.Writes.Count;
        _clock.Advance(Step);

        Assert.Equal(BrightnessCurve.DutyCycle(0.5f), middle, 0.01f);
        float next = _led.Writes[before].Duty;
        Assert.InRange(next, BrightnessCurve.DutyCycle(0.2f), middle);
        Assert.True(middle - next < 0.05f, $"the new fade began at {next}, not near {middle}");
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(BrightnessCurve.DutyCycle(0.2f), _led.Brightness);
    }

    [Fact]
    public async Task On_brings_back_the_last_brightness_and_off_keeps_it()
    {
        await SendAsync("BRIGHTNESS 30");
        await SendAsync("OFF");
        Assert.Equal(0f, _led.Brightness);

        await SendAsync("ON");

        Assert.Equal(BrightnessCurve.DutyCycle(0.3f), _led.Brightness);
        Assert.Equal(
            [
                """{"type":"led","on":true,"brightness":30,"seq":1}""",
                """{"type":"led","on":false,"brightness":30,"seq":2}""",
                """{"type":"led","on":true,"brightness":30,"seq":3}""",
            ],
            _other.Received);
    }

    [Fact]
    public async Task A_status_during_a_fade_tells_the_sender_the_target_and_the_time_left()
    {
        await SendAsync("""{"on":true,"transition":2}""");
        _clock.Advance(TimeSpan.FromSeconds(0.5));

        await SendAsync("STATUS");

        Assert.Equal("""{"type":"led","on":true,"brightness":100,"seq":1,"transition":1.5}""", _sender.Received[^1]);
    }

    [Theory]
    [InlineData("""{"on":true,"brightness":101}""")]
    [InlineData("""{"on":true,"transition":1e9}""")]
    [InlineData("""{"on":"yes"}""")]
    [InlineData("""{"on":true,"blink":true}""")]
    [InlineData("""{"on":true""")]
    [InlineData("BRIGHTNESS 1000")]
    public async Task A_bad_command_answers_the_sender_alone_and_leaves_the_led_unchanged(string text)
    {
        await SendAsync(text);

        string error = Assert.Single(_sender.Received);
        Assert.StartsWith("""{"type":"error","code":"invalid","message":""", error);
        Assert.Empty(_other.Received);
        Assert.Empty(_led.Writes);
        Assert.Equal(new LedState(false, 0), _controller.State);
    }

    [Fact]
    public async Task A_press_is_told_to_every_client_before_the_change_its_action_makes()
    {
        var presses = new List<ButtonEvent>();
        _controller.ButtonPressed += presses.Add;

        _controller.Press(ButtonEvent.Click, LedCommand.Toggle);
        _controller.Press(ButtonEvent.LongClick, action: null);
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        string[] expected =
        [
            """{"type":"button","event":"click"}""",
            """{"type":"led","on":true,"brightness":100,"seq":1}""",
            """{"type":"button","event":"long-click"}""",
        ];
        Assert.Equal(expected, _sender.Received);
        Assert.Equal(expected, _other.Received);
        Assert.Equal([ButtonEvent.Click, ButtonEvent.LongClick], presses);
    }

    private async Task SendAsync(string text)
    {
        _controller.OnMessage(_sender, Opcode.Text, Encoding.UTF8.GetBytes(text));
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
    }
}
