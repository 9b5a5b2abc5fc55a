using System.Text;
using System.Threading.Channels;
using EspWs.App.Configuration;
using EspWs.App.Control;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EspWs.App.Mqtt;

/// <summary>
/// The device's door to an MQTT broker: it keeps a link up, announces the LED to Home Assistant, publishes every change
/// of the LED to the state topic and hands commands from the command topic to the one LED controller.
/// </summary>
/// <remarks>
/// One background loop owns the link: it connects, re-announces after every connect, publishes what is pending and
/// waits with a backoff after a failure. MQTTnet 5 has no managed client, and reconnecting from its disconnect handler
/// can deadlock, so the handlers only set flags and wake the loop. The state topic carries the latest state, read from
/// the controller when it is published, so a burst of changes costs one publish and can never leave an older state retained.
/// </remarks>
public sealed partial class MqttLink : IAsyncDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly LedController _controller;
    private readonly MqttSettings _settings;
    private readonly MqttClientOptions _options;
    private readonly TimeSpan _timeout;
    private readonly byte[] _discovery;
    private readonly byte[]? _buttonDiscovery;
    private readonly Channel<ButtonEvent> _presses = Channel.CreateBounded<ButtonEvent>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly IMqttClient _client;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _state = (int)MqttLinkState.Connecting;
    private int _statePending;
    private int _discoveryPending;
    private string? _lastFailure;

    /// <summary>
    /// Prepares the link of the device running on <paramref name="board"/> to the broker of <paramref name="settings"/>,
    /// timing its attempts, backoff and bounded waits on <paramref name="time"/>, and announcing its push button too when it
    /// <paramref name="hasButton"/>; <see cref="Start"/> starts it.
    /// </summary>
    public MqttLink(LedController controller, MqttSettings settings, MqttTopics topics, string board, string version, ILogger<MqttLink> log,
        TimeProvider time, bool hasButton = false)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(time);
        _controller = controller;
        _settings = settings;
        _log = log;
        _time = time;
        Topics = topics;
        // A broker that has not answered within one keepalive period counts as gone.
        _timeout = settings.KeepAlive;
        _options = MqttClientOptionsFactory.Create(settings, topics, _timeout);
        _discovery = DiscoveryConfig.Light(topics, board, version, controller.IsDimmable);
        _buttonDiscovery = hasButton ? DiscoveryConfig.Button(topics, board, version) : null;
        _client = new MqttClientFactory().CreateMqttClient();
    }

    /// <summary>Raised whenever <see cref="State"/> changes, on the thread that changed it; handlers must not block.</summary>
    public event Action<MqttLinkState>? StateChanged;

    /// <summary>The topics this device publishes and listens on.</summary>
    public MqttTopics Topics { get; }

    /// <summary>How the link stands now: connecting (first attempt), connected, or lost (retrying).</summary>
    public MqttLinkState State => (MqttLinkState)Volatile.Read(ref _state);

    /// <summary>Starts the link in the background and returns at once; an unreachable broker delays nothing else.</summary>
    public void Start()
    {
        _controller.Changed += OnLedChanged;
        _controller.ButtonPressed += OnButtonPressed;
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _log.LogInformation("MQTT: joining {Host}:{Port} as {ClientId}; state on {StateTopic}, commands on {CommandTopic}.",
            _settings.Host, _settings.Port, Topics.ClientId, Topics.State, Topics.Command);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Publishes <c>offline</c> (waiting at most 2 s for the broker), leaves the broker and stops the link.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _controller.Changed -= OnLedChanged;
        _controller.ButtonPressed -= OnButtonPressed;
        await _stop.CancelAsync();
        await _loop;
        _client.DisconnectedAsync -= OnDisconnectedAsync;
        if (_client.IsConnected)
        {
            using var bounded = new CancellationTokenSource(StopWait, _time);
            try
            {
                await PublishAsync(Topics.Availability, MqttPayloads.Offline, bounded.Token);
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), bounded.Token);
                _log.LogInformation("MQTT: published offline and left the broker.");
            }
            catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                _log.LogWarning("MQTT: could not publish offline before stopping ({Reason}); the broker will publish the will.", ex.Message);
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private void OnLedChanged(LedChange change)
    {
        Volatile.Write(ref _statePending, 1);
        _wake.Writer.TryWrite(true);
    }

    // A press is news only while it happens: one made while the broker is away is not published late, where it could
    // fire an automation long after the fact.
    private void OnButtonPressed(ButtonEvent press)
    {
        if (_client.IsConnected && _presses.Writer.TryWrite(press))
        {
            _wake.Writer.TryWrite(true);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected && !_stop.IsCancellationRequested)
        {
            SetState(MqttLinkState.Lost);
            _log.LogWarning("MQTT: the link to {Host}:{Port} was lost ({Reason}); reconnecting.", _settings.Host, _settings.Port, e.Reason);
            _wake.Writer.TryWrite(true);
        }

        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        if (message.Topic == Topics.HomeAssistantStatus)
        {
            if (Encoding.UTF8.GetString(message.Payload).Trim() == MqttPayloads.Online)
            {
                // Home Assistant restarted and forgot what is not retained, or lost the retained configs with its broker.
                Volatile.Write(ref _discoveryPending, 1);
                Volatile.Write(ref _statePending, 1);
                _wake.Writer.TryWrite(true);
            }

            return Task.CompletedTask;
        }

        if (message.Topic != Topics.Command)
        {
            return Task.CompletedTask;
        }

        if (message.Payload.IsEmpty)
        {
            // A retained command being cleared (mosquitto_pub -r -n): the way to undo one, nothing to warn about.
            return Task.CompletedTask;
        }

        if (message.Retain)
        {
            _log.LogWarning("MQTT: a retained command on {Topic} is ignored: it would switch the LED again at every reconnect.", message.Topic);
            return Task.CompletedTask;
        }

        if (!MqttCommandReader.TryRead(message.Payload, _settings.MaxCommandBytes, out LedRequest request, out string refusal))
        {
            _log.LogWarning("MQTT: command on {Topic} ignored: {Reason}; the LED is unchanged.", message.Topic, refusal);
            return Task.CompletedTask;
        }

        if (request.Command == LedCommand.Status)
        {
            Volatile.Write(ref _statePending, 1);
            _wake.Writer.TryWrite(true);
            return Task.CompletedTask;
        }

        _controller.Apply(request, LedChangeSource.Mqtt, sender: null);
        return Task.CompletedTask;
    }

    private void SetState(MqttLinkState state)
    {
        if (Interlocked.Exchange(ref _state, (int)state) != (int)state)
        {
            StateChanged?.Invoke(state);
        }
    }
}
