using System.Text;
using EspWs.App.Control;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Control;

public sealed class LedControllerOnOffLedTests : IDisposable
{
    private readonly List<string> _log = [];
    private readonly RecordingLed _led;
    private readonly RecordingClient _sender;
    private readonly RecordingClient _other;
    private readonly LedController _controller;

    public LedControllerOnOffLedTests()
    {
        _led = new RecordingLed(_log);
        _sender = new RecordingClient(1, _log);
        _other = new RecordingClient(2, _log);
        _controller = new LedController(_led, new RecordingClients(_sender, _other), NullLogger<LedController>.Instance);
    }

    [Theory]
    [InlineData("BRIGHTNESS 40")]
    [InlineData("""{"on":true,"brightness":40}""")]
    [InlineData("""{"on":true,"transition":1}""")]
    public async Task A_brightness_or_fade_for_an_led_that_cannot_dim_is_answered_and_changes_nothing(string text)
    {
        Assert.False(_controller.IsDimmable);

        _controller.OnMessage(_sender, Opcode.Text, Encoding.UTF8.GetBytes(text));
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        string error = Assert.Single(_sender.Received);
        Assert.StartsWith("""{"type":"error","code":"not-dimmable","message":"this LED cannot dim""", error);
        Assert.Empty(_other.Received);
        Assert.Equal(0, _led.Writes);
    }

    [Fact]
    public async Task Json_on_and_off_still_switch_an_led_that_cannot_dim()
    {
        _controller.OnMessage(_sender, Opcode.Text, """{"on":true}"""u8);
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.True(_led.IsOn);
        Assert.Equal(["""{"type":"led","on":true,"brightness":100,"seq":1}"""], _other.Received);
    }

    public void Dispose() => _led.Dispose();
}
