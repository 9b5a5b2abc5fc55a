using EspWs.App.Control;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Control;

public sealed class LedControllerApplyTests : IDisposable
{
    private readonly List<string> _log = [];
    private readonly RecordingLed _led;
    private readonly RecordingClient _sender;
    private readonly RecordingClient _other;
    private readonly RecordingClients _clients;
    private readonly LedController _controller;
    private readonly List<LedChange> _changes = [];

    public LedControllerApplyTests()
    {
        _led = new RecordingLed(_log);
        _sender = new RecordingClient(1, _log);
        _other = new RecordingClient(2, _log);
        _clients = new RecordingClients(_sender, _other);
        _controller = new LedController(_led, _clients, NullLogger<LedController>.Instance, maxQueuedCommands: 2);
    }

    public static TheoryData<bool, LedCommand, bool, bool> Commands => new()
    {
        // was on, command, is on after, changed
        { false, LedCommand.On, true, true },
        { false, LedCommand.Off, false, false },
        { false, LedCommand.Toggle, true, true },
        { false, LedCommand.Status, false, false },
        { true, LedCommand.On, true, false },
        { true, LedCommand.Off, false, true },
        { true, LedCommand.Toggle, false, true },
        { true, LedCommand.Status, true, false },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Each_command_in_each_state_tells_everyone_of_a_change_and_only_the_sender_otherwise(
        bool wasOn, LedCommand command, bool isOn, bool changed)
    {
        await StartAsAsync(wasOn, sequence: 5);

        Assert.True(_controller.Apply(command, LedChangeSource.WebSocket, _sender));
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));

        Assert.Equal(isOn, _led.IsOn);
        string state = $$"""{"type":"led","on":{{(isOn ? "true" : "false")}},"brightness":100,"seq":{{(changed ? 6 : 5)}}}""";
        Assert.Equal([state], _sender.Received);
        Assert.Equal(changed ? [state] : [], _other.Received);
        Assert.Equal(changed ? 1 : 0, _clients.Broadcasts);
        Assert.Equal(changed ? [new LedChange(new LedState(isOn, 6), LedChangeSource.WebSocket)] : [], _changes);
        Assert.Equal(new LedState(isOn, changed ? 6 : 5), _controller.State);
    }

    [Fact]
    public async Task Changed_is_raised_once_per_change_in_sequence_order_with_its_source()
    {
        _controller.Changed += _changes.Add;
        _controller.Apply(LedCommand.On, LedChangeSource.WebSocket, _sender);
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        _controller.Apply(LedCommand.On, LedChangeSource.Mqtt, sender: null);
        _controller.Apply(LedCommand.Toggle, LedChangeSource.Mqtt, sender: null);
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        _controller.Apply(LedCommand.Status, LedChangeSource.WebSocket, _sender);
        _controller.Apply(LedCommand.Toggle, LedChangeSource.WebSocket, _other);

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        Assert.Equal(
            [
                new LedChange(new LedState(true, 1), LedChangeSource.WebSocket),
                new LedChange(new LedState(false, 2), LedChangeSource.Mqtt),
                new LedChange(new LedState(true, 3), LedChangeSource.WebSocket),
            ],
            _changes);
    }

    [Fact]
    public async Task The_led_is_written_before_any_client_is_told_and_changed_is_raised_after()
    {
        _controller.Changed += change =>
        {
            lock (_log)
            {
                _log.Add($"changed {change.State.Sequence}");
            }
        };

        _controller.Apply(LedCommand.On, LedChangeSource.WebSocket, _sender);

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        const string state = """{"type":"led","on":true,"brightness":100,"seq":1}""";
        Assert.Equal(["led ON", $"client 1 <- {state}", $"client 2 <- {state}", "changed 1"], _log);
    }

    [Fact]
    public async Task A_slow_led_write_holds_neither_the_sender_nor_lets_its_status_reply_overtake_the_change()
    {
        _led.Hold();

        Assert.True(_controller.Apply(LedCommand.On, LedChangeSource.WebSocket, _sender));
        Assert.True(await _led.WriteBeganAsync());
        Assert.True(_controller.Apply(LedCommand.Status, LedChangeSource.WebSocket, _sender));
        Assert.Empty(_sender.Received);
        Assert.False(await _controller.WhenAppliedAsync(TimeSpan.FromMilliseconds(50)));
        _led.Release();

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        const string state = """{"type":"led","on":true,"brightness":100,"seq":1}""";
        Assert.Equal([state, state], _sender.Received);
    }

    [Fact]
    public async Task A_command_beyond_the_queue_cap_is_refused_and_never_changes_the_led()
    {
        _led.Hold();
        _controller.Apply(LedCommand.On, LedChangeSource.WebSocket, _sender);
        Assert.True(await _led.WriteBeganAsync());
        Assert.True(_controller.Apply(LedCommand.Off, LedChangeSource.WebSocket, _sender));
        Assert.True(_controller.Apply(LedCommand.On, LedChangeSource.WebSocket, _sender));

        Assert.False(_controller.Apply(LedCommand.Off, LedChangeSource.WebSocket, _sender));
        Assert.False(_controller.Apply(LedCommand.Status, LedChangeSource.WebSocket, _sender));
        _led.Release();

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        Assert.True(_led.IsOn);
        Assert.Equal(3, _led.Writes);
        Assert.Equal(new LedState(true, 3), _controller.State);
        Assert.Equal("""{"type":"led","on":true,"brightness":100,"seq":3}""", _other.Received[^1]);
    }

    [Fact]
    public async Task Binary_messages_and_text_that_is_no_command_change_nothing_and_send_nothing()
    {
        _controller.OnMessage(_sender, Opcode.Binary, "ON"u8);
        _controller.OnMessage(_sender, Opcode.Text, "ONION"u8);
        _controller.OnMessage(_sender, Opcode.Text, ""u8);

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        Assert.Equal(0, _led.Writes);
        Assert.Empty(_log);
        Assert.Equal(new LedState(false, 0), _controller.State);
    }

    [Fact]
    public async Task A_text_command_from_a_client_is_applied_as_a_websocket_change()
    {
        _controller.Changed += _changes.Add;

        _controller.OnMessage(_sender, Opcode.Text, " toggle\n"u8);

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        Assert.Equal([new LedChange(new LedState(true, 1), LedChangeSource.WebSocket)], _changes);
    }

    [Fact]
    public async Task A_failing_changed_handler_stops_neither_the_led_nor_later_changes()
    {
        _controller.Changed += _ => throw new InvalidOperationException("handler bug");
        _controller.Changed += _changes.Add;

        _controller.Apply(LedCommand.On, LedChangeSource.WebSocket, _sender);
        _controller.Apply(LedCommand.Off, LedChangeSource.WebSocket, _sender);

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        Assert.False(_led.IsOn);
        Assert.Equal(2, _sender.Received.Count);
        Assert.Equal(new LedState(false, 2), _controller.State);
    }

    [Fact]
    public async Task Restore_puts_the_led_back_tells_no_client_and_the_sequence_goes_on_from_it()
    {
        _controller.Changed += _changes.Add;

        _controller.Restore(new LedState(IsOn: true, Sequence: 41));
        _controller.Apply(LedCommand.Toggle, LedChangeSource.Mqtt, sender: null);

        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        Assert.Equal(
            [
                new LedChange(new LedState(true, 41), LedChangeSource.PowerOn),
                new LedChange(new LedState(false, 42), LedChangeSource.Mqtt),
            ],
            _changes);
        Assert.Equal(["led ON", "led OFF", """client 1 <- {"type":"led","on":false,"brightness":100,"seq":42}""", """client 2 <- {"type":"led","on":false,"brightness":100,"seq":42}"""], _log);
    }

    public void Dispose()
    {
        _led.Release();
        _led.Dispose();
    }

    private async Task StartAsAsync(bool isOn, long sequence)
    {
        _controller.Restore(new LedState(isOn, sequence));
        Assert.True(await _controller.WhenAppliedAsync(TestTimeout.Default));
        _log.Clear();
        _controller.Changed += _changes.Add;
    }
}
