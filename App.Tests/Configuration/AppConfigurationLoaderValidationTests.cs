using System.Collections;

namespace EspWs.App.Tests.Configuration;

public class AppConfigurationLoaderValidationTests
{
    [Theory]
    [InlineData("Board:Name", "esp8266", "Board:Name = 'esp8266' is not a known board: simulated, esp32.")]
    [InlineData("Board:Esp32:Link", "/dev/ttyUSB0", "Board:Esp32:Link = '/dev/ttyUSB0' is not allowed: it must start with serial: or tcp:; use serial:PORT[@BAUD] (serial:/dev/ttyUSB0@115200, serial:COM3) or tcp:HOST[:PORT] (tcp:192.168.4.1:27016).")]
    [InlineData("Board:Esp32:Link", "serial:/dev/ttyUSB0@fast", "Board:Esp32:Link = 'serial:/dev/ttyUSB0@fast' is not allowed: the baud rate must be a whole number from 300 to 5000000; use serial:PORT[@BAUD] (serial:/dev/ttyUSB0@115200, serial:COM3) or tcp:HOST[:PORT] (tcp:192.168.4.1:27016).")]
    [InlineData("Board:Esp32:Link", "tcp:esp32.local:70000", "Board:Esp32:Link = 'tcp:esp32.local:70000' is not allowed: the TCP port must be a whole number from 1 to 65535; use serial:PORT[@BAUD] (serial:/dev/ttyUSB0@115200, serial:COM3) or tcp:HOST[:PORT] (tcp:192.168.4.1:27016).")]
    [InlineData("Board:Simulated:WiFiJoinDelay", "-00:00:01", "Board:Simulated:WiFiJoinDelay = -00:00:01 is not allowed: 0 (join at once) or a duration of at most 1 minute.")]
    [InlineData("Board:Simulated:WiFiJoinDelay", "2m", "Board:Simulated:WiFiJoinDelay = 2m is not allowed: 0 (join at once) or a duration of at most 1 minute.")]
    [InlineData("Board:Esp32:ReconnectInterval", "0", "Board:Esp32:ReconnectInterval = 0 is not allowed: a duration more than 0 and at most 1 day.")]
    [InlineData("Board:Esp32:HealthInterval", "50ms", "Board:Esp32:HealthInterval = 50ms is not allowed: 0 (no health check) or a duration from 00:00:00.1 to 1 day.")]
    [InlineData("Board:LinuxGpio:Chip", "-1", "Board:LinuxGpio:Chip = -1 is not allowed: a chip number from 0 (/dev/gpiochip0) to 1023.")]
    [InlineData("Board:LinuxGpio:LedPin", "1024", "Board:LinuxGpio:LedPin = 1024 is not allowed: a GPIO line from 0 to 1023 (a BCM number on a Raspberry Pi).")]
    [InlineData("Board:LinuxGpio:ActiveLow", "low", "Board:LinuxGpio:ActiveLow = 'low' is not valid: true or false.")]
    [InlineData("Board:LinuxGpio:Driver", "pigpio", "Board:LinuxGpio:Driver = 'pigpio' is not valid: one of Auto, Libgpiod, LibgpiodV2, SysFs.")]
    [InlineData("Board:LinuxGpio:Interface", "wlan 0", "Board:LinuxGpio:Interface = 'wlan 0' is not allowed: a network interface name such as wlan0 or eth0 (at most 15 characters, no spaces or /), or empty for none.")]
    [InlineData("Server:Port", "70000", "Server:Port = 70000 is not allowed: a TCP port from 0 to 65535 (0 picks any free port).")]
    [InlineData("Server:Port", "-1", "Server:Port = -1 is not allowed: a TCP port from 0 to 65535 (0 picks any free port).")]
    [InlineData("Server:Port", "abc", "Server:Port = 'abc' is not valid: a whole number.")]
    [InlineData("Server:BindAddress", "localhost", "Server:BindAddress = 'localhost' is not allowed: an IP address such as 0.0.0.0, 127.0.0.1 or ::.")]
    [InlineData("Server:BindAddress", "127.1", "Server:BindAddress = '127.1' is not allowed: an IP address such as 0.0.0.0, 127.0.0.1 or ::.")]
    [InlineData("Server:MaxClients", "0", "Server:MaxClients = 0 is not allowed: from 1 to 100000.")]
    [InlineData("Server:MaxClients", "100001", "Server:MaxClients = 100001 is not allowed: from 1 to 100000.")]
    [InlineData("Server:MaxMessageBytes", "0", "Server:MaxMessageBytes = 0 is not allowed: from 1 to 2147483583.")]
    [InlineData("Server:MaxMessageBytes", "-5", "Server:MaxMessageBytes = -5 is not allowed: from 1 to 2147483583.")]
    [InlineData("Server:MaxMessageBytes", "2147483600", "Server:MaxMessageBytes = 2147483600 is not allowed: from 1 to 2147483583.")]
    [InlineData("Server:MaxMessageBytes", "99999999999", "Server:MaxMessageBytes = '99999999999' is not valid: a whole number.")]
    [InlineData("Server:MaxMessageBytes", "4194304", "Server:MaxMessageBytes = 4194304 is not allowed with Server:MaxBufferedBytes = 8388608: a message at the cap holds 4194318 bytes, more than the quarter of Server:MaxBufferedBytes (2097152) one client address may hold; raise Server:MaxBufferedBytes to at least 16777272 or lower Server:MaxMessageBytes.")]
    [InlineData("Server:MaxBufferedBytes", "4194304", "Server:MaxMessageBytes = 1048576 is not allowed with Server:MaxBufferedBytes = 4194304: a message at the cap holds 1048590 bytes, more than the quarter of Server:MaxBufferedBytes (1048576) one client address may hold; raise Server:MaxBufferedBytes to at least 4194360 or lower Server:MaxMessageBytes.")]
    [InlineData("Server:MinMessageDataRate", "-1", "Server:MinMessageDataRate = -1 is not allowed: 0 (no minimum) or bytes per second.")]
    [InlineData("Server:MessageDataRateGracePeriod", "0", "Server:MessageDataRateGracePeriod = 0 is not allowed: a duration more than 0 and at most 1 day.")]
    [InlineData("Server:MaxHeaderBytes", "255", "Server:MaxHeaderBytes = 255 is not allowed: from 256 to 1048576 (1 MiB).")]
    [InlineData("Server:MaxHeaderBytes", "1048577", "Server:MaxHeaderBytes = 1048577 is not allowed: from 256 to 1048576 (1 MiB).")]
    [InlineData("Server:SendQueueLength", "0", "Server:SendQueueLength = 0 is not allowed: from 1 to 100000.")]
    [InlineData("Server:HandshakeTimeout", "soon", "Server:HandshakeTimeout = 'soon' is not valid: a duration such as 00:00:05 (hh:mm:ss[.fff]), 500ms, 5s, 2m or 1h.")]
    [InlineData("Server:HandshakeTimeout", "5", "Server:HandshakeTimeout = '5' is not valid: a duration such as 00:00:05 (hh:mm:ss[.fff]), 500ms, 5s, 2m or 1h.")]
    [InlineData("Server:HandshakeTimeout", "0s", "Server:HandshakeTimeout = 0s is not allowed: a duration more than 0 and at most 1 day.")]
    [InlineData("Server:PongTimeout", "-00:00:01", "Server:PongTimeout = -00:00:01 is not allowed: a duration more than 0 and at most 1 day.")]
    [InlineData("Server:CloseTimeout", "25h", "Server:CloseTimeout = 25h is not allowed: a duration more than 0 and at most 1 day.")]
    [InlineData("Server:PingInterval", "2.00:00:00", "Server:PingInterval = 2.00:00:00 is not allowed: 0 (keepalive off) or a duration of at most 1 day.")]
    [InlineData("Server:SubProtocols:0", "chat v2", "Server:SubProtocols:0 = 'chat v2' is not allowed: an HTTP token of letters, digits and !#$%&'*+-.^_`|~ (RFC 6455 §4.1).")]
    [InlineData("WiFi:ConnectTimeout", "0", "WiFi:ConnectTimeout = 0 is not allowed: a duration more than 0 and at most 1 day.")]
    [InlineData("WiFi:MaxAttempts", "0", "WiFi:MaxAttempts = 0 is not allowed: at least 1.")]
    [InlineData("WiFi:Ssid", "a-network-name-longer-than-32-bytes", "WiFi:Ssid = 'a-network-name-longer-than-32-bytes' is not allowed: at most 32 bytes (an 802.11 SSID).")]
    [InlineData("Led:Pin", "", "Led:Pin = '' is not allowed: the name of one of the board's pins, such as OnboardLed.")]
    [InlineData("Lifecycle:AppFailureRestartDelaySeconds", "-1", "Lifecycle:AppFailureRestartDelaySeconds = -1 is not allowed: from 0 to 86400 seconds.")]
    [InlineData("Lifecycle:RestartOnAppFailure", "yes", "Lifecycle:RestartOnAppFailure = 'yes' is not valid: true or false.")]
    [InlineData("Logging:LogLevel:Default", "Verbose", "Logging:LogLevel:Default = 'Verbose' is not valid: one of Trace, Debug, Information, Warning, Error, Critical, None.")]
    [InlineData("Logging:LogLevel:EspWs", "Information,Warning", "Logging:LogLevel:EspWs = 'Information,Warning' is not valid: one of Trace, Debug, Information, Warning, Error, Critical, None.")]
    public void Bad_value_is_one_line_naming_key_value_and_what_is_allowed(string key, string value, string expected)
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load($"--{key}={value}");

        Assert.Null(result.Settings);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void Bad_value_in_the_file_is_reported_the_same_way()
    {
        using var config = new TempConfigDirectory("Server:\n  Port: abc\n");

        var result = config.Load();

        Assert.Equal("Server:Port = 'abc' is not valid: a whole number.", result.Error);
    }

    [Fact]
    public void Value_given_to_a_whole_section_is_an_error()
    {
        using var config = new TempConfigDirectory("Server: 9999\n");

        var result = config.Load();

        Assert.Equal("Server = '9999' is not valid: a section of keys, not a single value.", result.Error);
    }

    [Fact]
    public void Bad_value_in_the_file_overridden_by_a_good_one_is_no_error()
    {
        using var config = new TempConfigDirectory("Server:\n  Port: abc\n");

        var result = config.Load(new Hashtable { ["ESPWS_Server__Port"] = "9000" });

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(9000, result.Settings.Server.Port);
    }

    [Fact]
    public void Several_bad_values_give_one_line_each()
    {
        using var config = new TempConfigDirectory("Server:\n  Port: 70000\n  MaxClients: 0\n");

        var result = config.Load();

        Assert.Equal(2, result.Error!.Split(Environment.NewLine).Length);
    }

    [Theory]
    [InlineData("Server:Port", "0")]
    [InlineData("Server:Port", "65535")]
    [InlineData("Server:BindAddress", "::1")]
    [InlineData("Server:PingInterval", "0")]
    [InlineData("Server:MaxMessageBytes", "2097138")]
    [InlineData("Lifecycle:AppFailureRestartDelaySeconds", "0")]
    [InlineData("Logging:LogLevel:Default", "debug")]
    public void Edge_of_the_allowed_range_is_accepted(string key, string value)
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load($"--{key}={value}");

        Assert.True(result.Succeeded, result.Error);
    }

    [Fact]
    public void Option_without_a_value_is_an_error_naming_it()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load("--Server:Port");

        Assert.Equal("Command-line option '--Server:Port' has no value: write --Server:Port=VALUE or --Server:Port VALUE.", result.Error);
    }
}
