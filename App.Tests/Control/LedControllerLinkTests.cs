using System.Text;
using EspWs.App.Control;
using EspWs.App.Server;
using EspWs.App.Tests.Support;
using EspWs.Hardware;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Control;

public class LedControllerLinkTests
{
    private readonly FakeLed _led = new();
    private readonly RecordingBroadcaster _clients = new();
    private readonly LedController _controller;

    public LedControllerLinkTests() => _controller = new LedController(_led, _clients, NullLogger<LedController>.Instance);

    [Fact]
    public async Task A_lost_link_is_told_to_every_client_once_per_outage()
    {
        _controller.OnBoardLinkLost();
        _controller.OnBoardLinkLost();
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.Equal(["""{"type":"board","link":"lost"}"""], _clients.Texts);
    }

    [Fact]
    public async Task A_link_that_was_never_lost_is_not_announced_and_the_led_is_left_alone()
    {
        _controller.OnBoardLinkRestored();
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.Empty(_clients.Texts);
        Assert.Equal(0, _led.Writes);
    }

    [Fact]
    public async Task The_return_puts_the_led_back_as_last_told_even_when_the_board_forgot_it()
    {
        _controller.Apply(LedCommand.On, LedChangeSource.WebSocket, sender: null);
        _controller.OnBoardLinkLost();
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        _led.Forget();

        _controller.OnBoardLinkRestored();
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.True(_led.IsOn);
        Assert.Equal(
            [
                """{"type":"led","on":true,"brightness":100,"seq":1}""",
                """{"type":"board","link":"lost"}""",
                """{"type":"board","link":"up"}""",
                """{"type":"led","on":true,"brightness":100,"seq":1}""",
            ],
            _clients.Texts);
    }

    [Fact]
    public async Task Commands_during_an_outage_still_change_the_state_and_the_newest_is_restored()
    {
        _controller.Apply(LedCommand.On, LedChangeSource.WebSocket, sender: null);
        _controller.OnBoardLinkLost();
        _controller.Apply(LedCommand.Off, LedChangeSource.WebSocket, sender: null);
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        _led.IsOn = true;

        _controller.OnBoardLinkRestored();
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.False(_led.IsOn);
        Assert.Equal("""{"type":"led","on":false,"brightness":100,"seq":2}""", _clients.Texts[^1]);
    }

    private sealed class FakeLed : ILed
    {
        public int Writes { get; private set; }

        public bool IsOn
        {
            get;
            set
            {
                Writes++;
                field = value;
            }
        }

        /// <summary>The LED goes dark behind the controller's back, as a chip that was power-cycled.</summary>
        public void Forget() => IsOn = false;

        public Task StartBlink() => throw new NotSupportedException();

        public Task StartBlink(TimeSpan onDuration, TimeSpan offDuration) => throw new NotSupportedException();

        public Task StopAnimation() => Task.CompletedTask;
    }

    private sealed class RecordingBroadcaster : IBroadcaster
    {
        public List<string> Texts { get; } = [];

        public int Broadcast(ReadOnlyMemory<byte> frames)
        {
            Texts.AddRange(ShortTextFrames.Texts(frames.Span));
            return 1;
        }
    }
}
