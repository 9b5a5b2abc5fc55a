using System.Net;
using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Lifecycle;

/// <summary>
/// The board's Wi-Fi link as the host uses it: joined at start, each attempt bounded by <c>WiFi:ConnectTimeout</c>
/// and retried with exponential backoff; followed while the host serves, so the LED controller hears of a loss and a
/// return; left at stop only when the host joined it.
/// </summary>
public sealed class WiFiLink
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IWiFiNetworkAdapter _adapter;
    private readonly WiFiSettings _settings;
    private readonly LedController _controller;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private bool _joined;
    private bool _following;

    /// <summary>Prepares the link of <paramref name="adapter"/> to the network of <paramref name="settings"/>; nothing happens until <see cref="JoinAsync"/>.</summary>
    public WiFiLink(IWiFiNetworkAdapter adapter, WiFiSettings settings, LedController controller, ILogger log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(controller);
        _adapter = adapter;
        _settings = settings;
        _controller = controller;
        _log = log;
        _time = time;
    }

    /// <summary>
    /// Joins <c>WiFi:Ssid</c>, trying at most <c>WiFi:MaxAttempts</c> times; throws the last attempt's error when all
    /// fail. An empty SSID fails at once: retrying cannot fix it.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_settings.Ssid))
        {
            throw new InvalidOperationException("WiFi:Ssid is empty: set the network to join in app.config.yaml.");
        }

        // Leave the network as it was found: only a connection the host made is closed at stop.
        _joined = !_adapter.IsConnected;
        TimeSpan backoff = FirstBackoff;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                _log.LogInformation("Joining Wi-Fi '{Ssid}' (attempt {Attempt} of {MaxAttempts}, timeout {Timeout}).",
                    _settings.Ssid, attempt, _settings.MaxAttempts, _settings.ConnectTimeout);
                await _adapter.ConnectAsync(_settings.Ssid, _settings.Password, _settings.ConnectTimeout, cancellationToken);
                // IPAddress.None is how an adapter says it has no address (the ESP32 board over serial), not 255.255.255.255.
                string address = _adapter.IpAddress.Equals(IPAddress.None) ? "none" : _adapter.IpAddress.ToString();
                _log.LogInformation("Wi-Fi '{Ssid}' joined; address {Address}.", _settings.Ssid, address);
                return;
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException && attempt < _settings.MaxAttempts)
            {
                _log.LogWarning("Wi-Fi attempt {Attempt} failed: {Message} Retrying in {Backoff}.", attempt, ex.Message, backoff);
                await Task.Delay(backoff, _time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    /// <summary>From now on tells the LED controller when the link drops and when it returns (at once, when it is down already).</summary>
    public void Follow()
    {
        _following = true;
        _adapter.NetworkDisconnected += OnLost;
        _adapter.NetworkConnected += OnUp;
        if (!_adapter.IsConnected)
        {
            _controller.OnBoardLinkLost();
        }
    }

    /// <summary>Stops following the link, then leaves the network if <see cref="JoinAsync"/> joined it.</summary>
    public async Task LeaveAsync()
    {
        if (_following)
        {
            _adapter.NetworkDisconnected -= OnLost;
            _adapter.NetworkConnected -= OnUp;
            _following = false;
        }

        if (_joined && _adapter.IsConnected)
        {
            _joined = false;
            await _adapter.DisconnectAsync(CancellationToken.None);
        }
    }

    private void OnLost(INetworkAdapter sender, NetworkDisconnectionEventArgs args)
    {
        _log.LogWarning("Board link lost: {Reason}", args.Reason);
        _controller.OnBoardLinkLost();
    }

    private void OnUp(INetworkAdapter sender, NetworkConnectionEventArgs args) => _controller.OnBoardLinkRestored();
}
