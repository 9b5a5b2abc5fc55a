using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EspWs.App.Mqtt;
using EspWs.App.Server;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Configuration;

/// <summary>Checks bound settings against what the app can honour, giving one line per bad value.</summary>
internal sealed class EspWsSettingsValidator
{
    private const int MaxMessageBytesCeiling = int.MaxValue - 64;
    private const int OneMebibyte = 1024 * 1024;
    private const int MaxSsidBytes = 32;
    private const int SecondsPerDay = 86_400;
    private const int MaxGpioNumber = 1023;
    // Linux's IFNAMSIZ is 16, with the terminating zero.
    private const int MaxInterfaceNameLength = 15;
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";
    private const int MinTokenLength = 16;
    private const int MaxCommandBytesCeiling = 65_536;
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    // Below a serial round trip and the chip's loop, a health check would call a busy chip silent.
    private static readonly TimeSpan ShortestHealthInterval = TimeSpan.FromMilliseconds(100);
    // The simulated join must stay well inside WiFi:ConnectTimeout's range, or it only simulates a failure.
    private static readonly TimeSpan MaxSimulatedJoinDelay = TimeSpan.FromMinutes(1);

    private readonly Func<string, string?> _rawValue;
    private readonly List<string> _errors = [];

    private EspWsSettingsValidator(Func<string, string?> rawValue)
    {
        _rawValue = rawValue;
    }

    /// <summary>Returns one line per setting whose value is not allowed; empty when all are.</summary>
    /// <param name="settings">The bound settings.</param>
    /// <param name="knownBoardNames">The board names the app can run on.</param>
    /// <param name="rawValue">The text a key was given in its source, so a message repeats what the user wrote.</param>
    public static IReadOnlyList<string> Validate(
        EspWsSettings settings, IReadOnlyCollection<string> knownBoardNames, Func<string, string?> rawValue)
    {
        var validator = new EspWsSettingsValidator(rawValue);
        validator.Check(settings, knownBoardNames);
        return validator._errors;
    }

    private void Check(EspWsSettings settings, IReadOnlyCollection<string> knownBoardNames)
    {
        if (!knownBoardNames.Contains(settings.Board.Name, StringComparer.OrdinalIgnoreCase))
        {
            var known = knownBoardNames.Count == 0 ? "(none)" : string.Join(", ", knownBoardNames);
            _errors.Add($"Board:Name = '{settings.Board.Name}' is not a known board: {known}.");
        }

        CheckBoards(settings.Board);

        var wifi = settings.WiFi;
        Require("WiFi:Ssid", wifi.Ssid, Encoding.UTF8.GetByteCount(wifi.Ssid) <= MaxSsidBytes, $"at most {MaxSsidBytes} bytes (an 802.11 SSID)");
        RequireTimeout("WiFi:ConnectTimeout", wifi.ConnectTimeout);
        RequireRange("WiFi:MaxAttempts", wifi.MaxAttempts, 1, int.MaxValue, "at least 1");

        var server = settings.Server;
        Require("Server:BindAddress", server.BindAddress, IsIpAddress(server.BindAddress), "an IP address such as 0.0.0.0, 127.0.0.1 or ::");
        RequireRange("Server:Port", server.Port, 0, 65535, "a TCP port from 0 to 65535 (0 picks any free port)");
        RequireRange("Server:MaxClients", server.MaxClients, 1, 100_000, "from 1 to 100000");
        RequireRange("Server:MaxMessageBytes", server.MaxMessageBytes, 1, MaxMessageBytesCeiling, $"from 1 to {MaxMessageBytesCeiling}");
        RequireRange("Server:MaxBufferedBytes", server.MaxBufferedBytes, 4096, int.MaxValue, $"from 4096 to {int.MaxValue}");
        CheckMessageFitsBudget(server);
        RequireRange("Server:MinMessageDataRate", server.MinMessageDataRate, 0, int.MaxValue, "0 (no minimum) or bytes per second");
        RequireTimeout("Server:MessageDataRateGracePeriod", server.MessageDataRateGracePeriod);
        RequireRange("Server:MaxHeaderBytes", server.MaxHeaderBytes, 256, OneMebibyte, $"from 256 to {OneMebibyte} (1 MiB)");
        RequireRange("Server:SendQueueLength", server.SendQueueLength, 1, 100_000, "from 1 to 100000");
        RequireTimeout("Server:HandshakeTimeout", server.HandshakeTimeout);
        Require("Server:PingInterval", server.PingInterval, server.PingInterval >= TimeSpan.Zero && server.PingInterval <= LongestWait,
            "0 (keepalive off) or a duration of at most 1 day");
        RequireTimeout("Server:PongTimeout", server.PongTimeout);
        RequireTimeout("Server:CloseTimeout", server.CloseTimeout);
        RequireTimeout("Server:SendTimeout", server.SendTimeout);
        for (var i = 0; i < server.SubProtocols.Length; i++)
        {
            Require($"Server:SubProtocols:{i}", server.SubProtocols[i], IsToken(server.SubProtocols[i]),
                $"an HTTP token of letters, digits and {TokenSymbols} (RFC 6455 §4.1)");
        }

        RequireRange("Server:MaxConnectionsPerAddress", server.MaxConnectionsPerAddress, 0, 100_000, "from 0 (no limit) to 100000");
        CheckSecurity(settings.Security);
        CheckMqtt(settings.Mqtt);
        CheckTls(settings.Tls);
        CheckDiscovery(settings.Discovery);

        Require("Led:Pin", settings.Led.Pin, !string.IsNullOrWhiteSpace(settings.Led.Pin), "the name of one of the board's pins, such as OnboardLed");
        RequireRange("Led:MaxQueuedCommands", settings.Led.MaxQueuedCommands, 1, 100_000, "from 1 to 100000");
        RequireRange("Button:BrightnessStep", settings.Button.BrightnessStep, 1, 99, "from 1 to 99 percentage points");
        Require("Button:LongClickThreshold", settings.Button.LongClickThreshold,
            settings.Button.LongClickThreshold >= TimeSpan.FromMilliseconds(100) && settings.Button.LongClickThreshold <= TimeSpan.FromSeconds(10), "from 00:00:00.1 to 00:00:10");
        Require("Button:DebounceDuration", settings.Button.DebounceDuration,
            settings.Button.DebounceDuration >= TimeSpan.Zero && settings.Button.DebounceDuration <= TimeSpan.FromMilliseconds(500), "from 00:00:00 to 00:00:00.5");
        Require("Led:FadeStepInterval", settings.Led.FadeStepInterval,
            settings.Led.FadeStepInterval >= TimeSpan.FromMilliseconds(5) && settings.Led.FadeStepInterval <= TimeSpan.FromSeconds(1), "from 00:00:00.005 to 00:00:01");

        Require("State:Directory", settings.State.Directory, !settings.State.Directory.Contains('\0', StringComparison.Ordinal),
            "a directory path without NUL characters, or empty for the default");

        RequireRange("Lifecycle:AppFailureRestartDelaySeconds", settings.Lifecycle.AppFailureRestartDelaySeconds, 0, SecondsPerDay,
            $"from 0 to {SecondsPerDay} seconds");
    }

    // A message beyond the connection's reserve must fit in what one address may hold of the budget, or it could
    // never be read. Checked only when both values are in range, so a bad one gets its own line alone.
    private void CheckMessageFitsBudget(ServerSettings server)
    {
        bool inRange = server.MaxMessageBytes <= MaxMessageBytesCeiling && server.MaxBufferedBytes >= 4096;
        if (!inRange || server.MaxMessageBytes <= MessageBuffer.ReservedPayloadBytes)
        {
            return;
        }

        long held = MessageBuffer.ArrayBytesFor(server.MaxMessageBytes);
        long share = server.MaxBufferedBytes / MessageMemoryBudget.AddressShareDivisor;
        if (held > share)
        {
            _errors.Add($"Server:MaxMessageBytes = {Display("Server:MaxMessageBytes", server.MaxMessageBytes)} is not allowed with " +
                $"Server:MaxBufferedBytes = {Display("Server:MaxBufferedBytes", server.MaxBufferedBytes)}: a message at the cap holds {held} bytes, " +
                $"more than the quarter of Server:MaxBufferedBytes ({share}) one client address may hold; raise Server:MaxBufferedBytes " +
                $"to at least {held * MessageMemoryBudget.AddressShareDivisor} or lower Server:MaxMessageBytes.");
        }
    }

    private void CheckSecurity(SecuritySettings security)
    {
        for (var i = 0; i < security.AllowedOrigins.Length; i++)
        {
            Require($"Security:AllowedOrigins:{i}", security.AllowedOrigins[i], IsOrigin(security.AllowedOrigins[i]),
                "*, null, or an origin such as http://192.168.1.20:8080 (scheme, host and port only)");
        }

        Require("Security:Token", security.Token, security.Token.Length == 0 || IsTokenSecret(security.Token),
            $"empty (no token) or at least {MinTokenLength} printable ASCII characters without spaces");
    }

    private void CheckMqtt(MqttSettings mqtt)
    {
        Require("Mqtt:Host", mqtt.Host, mqtt.Host.Length == 0 || Uri.CheckHostName(mqtt.Host) != UriHostNameType.Unknown,
            "empty (MQTT off), a host name or an IP address");
        RequireRange("Mqtt:Port", mqtt.Port, 1, 65535, "a TCP port from 1 to 65535");
        Require("Mqtt:Password", mqtt.Password, mqtt.Password.Length == 0 || mqtt.Username.Length > 0,
            "empty unless Mqtt:Username is set (MQTT 3.1.1 sends no password without a user name)");
        Require("Mqtt:NodeId", mqtt.NodeId, mqtt.NodeId.Length == 0 || MqttNames.IsNodeId(mqtt.NodeId),
            $"empty (from the host name) or 1 to {MqttNames.MaxNodeIdLength} of a-z, A-Z, 0-9, _ and -");
        Require("Mqtt:BaseTopic", mqtt.BaseTopic, mqtt.BaseTopic.Length == 0 || MqttNames.IsTopicPrefix(mqtt.BaseTopic),
            MqttNames.TopicPrefixRule);
        Require("Mqtt:DiscoveryPrefix", mqtt.DiscoveryPrefix, MqttNames.IsTopicPrefix(mqtt.DiscoveryPrefix), MqttNames.TopicPrefixRule);
        Require("Mqtt:KeepAlive", mqtt.KeepAlive, MqttNames.IsKeepAlive(mqtt.KeepAlive),
            "whole seconds from 1s to 65535s (MQTT counts keepalive in 16-bit seconds)");
        RequireTimeout("Mqtt:ReconnectInterval", mqtt.ReconnectInterval);
        RequireRange("Mqtt:MaxCommandBytes", mqtt.MaxCommandBytes, MqttNames.LongestCommandBytes, MaxCommandBytesCeiling,
            $"from {MqttNames.LongestCommandBytes} (TOGGLE) to {MaxCommandBytesCeiling}");
    }

    // Only the shape here; whether the files load is TlsSettingsCheck's, after every value is known to be well formed.
    private void CheckTls(TlsSettings tls)
    {
        Require("Tls:KeyPath", tls.KeyPath, tls.KeyPath.Length == 0 || tls.IsEnabled,
            "empty unless Tls:CertificatePath is set too (the key belongs to that certificate)");
        Require("Tls:CertificatePassword", tls.CertificatePassword, tls.CertificatePassword.Length == 0 || tls.IsEnabled,
            "empty unless Tls:CertificatePath is set too (it opens that PFX or key)");
    }

    private void CheckDiscovery(DiscoverySettings discovery)
    {
        Require("Discovery:Name", discovery.Name, discovery.Name.Length == 0 || Discovery.InstanceName.IsValid(discovery.Name),
            $"empty (from Mqtt:NodeId or the host name) or 1 to {Discovery.InstanceName.MaxBytes} bytes of UTF-8 without control characters (RFC 6763 §4.1.1)");
        RequireRange("Discovery:MaxDevices", discovery.MaxDevices, 0, 1000, "from 0 (list none) to 1000");
    }

    private static bool IsOrigin(string text) =>
        text is "*" or "null"
        || (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.GetLeftPart(UriPartial.Authority).Equals(text.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    private static bool IsTokenSecret(string text) =>
        text.Length >= MinTokenLength && text.All(c => c > ' ' && c < 0x7F);

    private void CheckBoards(BoardSettings board)
    {
        Require("Board:Simulated:WiFiJoinDelay", board.Simulated.WiFiJoinDelay,
            board.Simulated.WiFiJoinDelay >= TimeSpan.Zero && board.Simulated.WiFiJoinDelay <= MaxSimulatedJoinDelay,
            "0 (join at once) or a duration of at most 1 minute");
        string? linkProblem = null;
        Require("Board:Esp32:Link", board.Esp32.Link, Esp32Link.TryParse(board.Esp32.Link, out _, out linkProblem),
            $"{linkProblem}; use {Esp32Link.Formats}");
        RequireTimeout("Board:Esp32:ReconnectInterval", board.Esp32.ReconnectInterval);
        TimeSpan health = board.Esp32.HealthInterval;
        Require("Board:Esp32:HealthInterval", health, health == TimeSpan.Zero || (health >= ShortestHealthInterval && health <= LongestWait),
            "0 (no health check) or a duration from 00:00:00.1 to 1 day");

        LinuxGpioBoardSettings linux = board.LinuxGpio;
        RequireRange("Board:LinuxGpio:Chip", linux.Chip, 0, MaxGpioNumber, $"a chip number from 0 (/dev/gpiochip0) to {MaxGpioNumber}");
        RequireRange("Board:LinuxGpio:LedPin", linux.LedPin, 0, MaxGpioNumber, $"a GPIO line from 0 to {MaxGpioNumber} (a BCM number on a Raspberry Pi)");
        RequireRange("Board:LinuxGpio:PwmChip", linux.PwmChip, 0, MaxGpioNumber, $"a PWM chip number from 0 (/sys/class/pwm/pwmchip0) to {MaxGpioNumber}");
        RequireRange("Board:LinuxGpio:PwmChannel", linux.PwmChannel, -1, MaxGpioNumber, $"-1 (no hardware PWM) or a channel of the PWM chip from 0 to {MaxGpioNumber}");
        Require("Board:LinuxGpio:Interface", linux.Interface, IsInterfaceName(linux.Interface),
            $"a network interface name such as wlan0 or eth0 (at most {MaxInterfaceNameLength} characters, no spaces or /), or empty for none");
    }

    private void RequireTimeout(string key, TimeSpan value) =>
        Require(key, value, value > TimeSpan.Zero && value <= LongestWait, "a duration more than 0 and at most 1 day");

    private void RequireRange(string key, int value, int minimum, int maximum, string allowed) =>
        Require(key, value, value >= minimum && value <= maximum, allowed);

    private void Require<T>(string key, T value, bool isAllowed, string allowed)
        where T : notnull
    {
        if (!isAllowed)
        {
            _errors.Add($"{key} = {Display(key, value)} is not allowed: {allowed}.");
        }
    }

    private string Display<T>(string key, T value)
        where T : notnull
    {
        // A secret is never repeated, not even in the error that says it is malformed.
        if (key is "Security:Token" or "WiFi:Password" or "Mqtt:Password" or "Tls:CertificatePassword")
        {
            return "(hidden)";
        }

        var text = _rawValue(key) ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return value is string ? $"'{text}'" : text;
    }

    private static bool IsIpAddress(string text) =>
        IPAddress.TryParse(text, out var address)
        // IPAddress also reads "1" or "127.1" as IPv4; a bind address should be written out in full.
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3);

    private static bool IsInterfaceName(string text) =>
        text.Length <= MaxInterfaceNameLength && !text.Any(c => char.IsWhiteSpace(c) || c is '/' or ':');

    private static bool IsToken(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal));
}
