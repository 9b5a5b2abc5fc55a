using EspWs.App.Control;
using EspWs.App.Mqtt;
using EspWs.App.Server;

namespace EspWs.App.Web;

/// <summary>
/// Reads the status from the parts that own it: the board's name, the LED controller, the server's slots and the
/// time the app started.
/// </summary>
/// <remarks>
/// The server builds the LED controller and needs the HTTP endpoint (and so this source) first, so the two are
/// attached once the server exists, before it starts listening.
/// </remarks>
public sealed class DeviceStatusSource : IStatusSource
{
    private readonly string _board;
    private readonly string _name;
    private readonly int _maxClients;
    private readonly Func<bool> _boardLinkUp;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private LedController? _led;
    private WebSocketServer? _server;
    private MqttLink? _mqtt;
    private bool _hasButton;

    /// <summary>
    /// Starts the uptime clock now, for the device <paramref name="name"/> on <paramref name="board"/> with
    /// <paramref name="maxClients"/> slots, whose board link <paramref name="boardLinkUp"/> reads.
    /// </summary>
    public DeviceStatusSource(string board, string name, int maxClients, Func<bool> boardLinkUp, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(boardLinkUp);
        ArgumentNullException.ThrowIfNull(time);
        _board = board;
        _name = name;
        _maxClients = maxClients;
        _boardLinkUp = boardLinkUp;
        _time = time;
        _startedAt = time.GetTimestamp();
    }

    /// <summary>Connects the source to the LED controller and the server it reports on; call before the server starts.</summary>
    public void Attach(LedController led, WebSocketServer server)
    {
        ArgumentNullException.ThrowIfNull(led);
        ArgumentNullException.ThrowIfNull(server);
        _led = led;
        _server = server;
    }

    /// <summary>Reports the state of <paramref name="link"/>, the device's MQTT link; without one the status says <c>disabled</c>.</summary>
    public void AttachMqtt(MqttLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        _mqtt = link;
    }

    /// <summary>Reports that a push button is configured, so that <c>/status</c> says so (and the page offers to press a simulated one).</summary>
    public void AttachButton() => _hasButton = true;

    /// <summary>How the MQTT link stands now; <see cref="MqttLinkState.Disabled"/> until one is attached.</summary>
    public MqttLinkState MqttState => _mqtt?.State ?? MqttLinkState.Disabled;

    /// <inheritdoc/>
    public DeviceStatus Read()
    {
        if (_led is null || _server is null)
        {
            throw new InvalidOperationException("DeviceStatusSource.Attach must be called before the server starts.");
        }

        return new DeviceStatus(_board, _led.State, _server.ConnectedCount, _maxClients, _time.GetElapsedTime(_startedAt), AppVersion.Text,
            MqttState, _led.IsDimmable, _led.Fading, _hasButton, _name, _boardLinkUp());
    }
}
