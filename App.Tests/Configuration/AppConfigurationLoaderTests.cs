using System.Collections;
using EspWs.App.Configuration;
using Microsoft.Extensions.Logging;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Configuration;

public class AppConfigurationLoaderTests
{
    private const string MinimalYaml = "Board:\n  Name: simulated\n";

    [Fact]
    public void Minimal_file_gives_the_documented_defaults()
    {
        using var config = new TempConfigDirectory(MinimalYaml);

        var result = config.Load();

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Warnings);
        var settings = result.Settings;
        Assert.Equal("simulated", settings.Board.Name);
        Assert.Equal("EspWs-Lab", settings.WiFi.Ssid);
        Assert.Equal("", settings.WiFi.Password);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.WiFi.ConnectTimeout);
        Assert.Equal(5, settings.WiFi.MaxAttempts);
        Assert.Equal("0.0.0.0", settings.Server.BindAddress);
        Assert.Equal(9998, settings.Server.Port);
        Assert.Equal(64, settings.Server.MaxClients);
        Assert.Equal(1024 * 1024, settings.Server.MaxMessageBytes);
        Assert.Equal(8 * 1024 * 1024, settings.Server.MaxBufferedBytes);
        Assert.Equal(8192, settings.Server.MaxHeaderBytes);
        Assert.Equal(64, settings.Server.SendQueueLength);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Server.HandshakeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Server.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Server.PongTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Server.CloseTimeout);
        Assert.Empty(settings.Server.SubProtocols);
        Assert.Equal("OnboardLed", settings.Led.Pin);
        Assert.Equal(LogLevel.Information, settings.Logging.LogLevel[LoggingSettings.DefaultCategory]);
        Assert.False(settings.Lifecycle.RestartOnAppFailure);
        Assert.Equal(5, settings.Lifecycle.AppFailureRestartDelaySeconds);
    }

    [Fact]
    public void Empty_section_keeps_its_defaults()
    {
        using var config = new TempConfigDirectory("WiFi:\nServer:\n  Port: 1234\n");

        var result = config.Load();

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Warnings);
        Assert.Equal(5, result.Settings.WiFi.MaxAttempts);
        Assert.Equal(1234, result.Settings.Server.Port);
    }

    [Fact]
    public void Repository_app_config_yaml_loads_without_warnings()
    {
        var repositoryFile = Path.Combine(RepositoryRoot.Find(), AppConfigurationLoader.FileName);

        var result = AppConfigurationLoader.Load(["--config", repositoryFile], TempConfigDirectory.KnownBoards, new Hashtable());

        Assert.Null(result.Error);
        Assert.Empty(result.Warnings);
        Assert.Equal(9998, result.Settings!.Server.Port);
    }

    [Fact]
    public void Copy_next_to_the_binary_is_the_default_file_and_loads_without_warnings()
    {
        var result = AppConfigurationLoader.Load([], TempConfigDirectory.KnownBoards, new Hashtable());

        Assert.Null(result.Error);
        Assert.Empty(result.Warnings);
        Assert.Equal("simulated", result.Settings!.Board.Name);
    }

    [Fact]
    public void Command_line_overrides_the_file_in_both_spellings()
    {
        using var config = new TempConfigDirectory("Server:\n  Port: 9998\n  MaxClients: 8\n");

        var result = config.Load("--Server:Port=9999", "--Server:MaxClients", "12");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(9999, result.Settings.Server.Port);
        Assert.Equal(12, result.Settings.Server.MaxClients);
    }

    [Fact]
    public void Environment_overrides_the_file_and_command_line_overrides_the_environment()
    {
        using var config = new TempConfigDirectory("Server:\n  Port: 9998\n  MaxClients: 8\n");
        var environment = new Hashtable
        {
            ["ESPWS_Server__Port"] = "9000",
            ["ESPWS_Server__MaxClients"] = "16",
            ["ESPWS_WiFi__Password"] = "secret-from-env",
            ["OTHER_Server__Port"] = "1",
        };

        var result = config.Load(environment, "--Server:Port=9001");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(9001, result.Settings.Server.Port);
        Assert.Equal(16, result.Settings.Server.MaxClients);
        Assert.Equal("secret-from-env", result.Settings.WiFi.Password);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Config_option_points_to_another_file()
    {
        using var config = new TempConfigDirectory(MinimalYaml);
        using var other = new TempConfigDirectory("Server:\n  Port: 1234\n");

        var result = config.Load("--config=" + other.FilePath);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(1234, result.Settings.Server.Port);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_its_path()
    {
        using var config = new TempConfigDirectory(MinimalYaml);
        var missing = Path.Combine(config.Path, "nowhere.yaml");

        var result = config.Load("--config", missing);

        Assert.Null(result.Settings);
        Assert.Equal($"Configuration file '{missing}' was not found.", result.Error);
    }

    [Fact]
    public void Malformed_yaml_is_one_line_naming_the_file()
    {
        using var config = new TempConfigDirectory("Server:\n  Port: [1\n  x: : :\n");

        var result = config.Load();

        Assert.Null(result.Settings);
        Assert.StartsWith($"Configuration file '{config.FilePath}' could not be read: ", result.Error);
        Assert.DoesNotContain('\n', result.Error!);
    }

    [Fact]
    public void State_diagram_switch_is_left_to_the_caller_and_does_not_swallow_the_next_argument()
    {
        using var config = new TempConfigDirectory(MinimalYaml);

        var result = config.Load("--state-diagram", "--Server:Port=9999", "out.md");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(9999, result.Settings.Server.Port);
        Assert.Equal(["--state-diagram", "out.md"], result.RemainingArgs);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Logging_section_is_available_to_the_logging_builder()
    {
        using var config = new TempConfigDirectory("Logging:\n  LogLevel:\n    Default: Warning\n    EspWs.App.Server: debug\n");

        var result = config.Load("--Logging:Console:FormatterName=simple");

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Warnings);
        Assert.Equal(LogLevel.Warning, result.Settings.Logging.LogLevel["Default"]);
        Assert.Equal(LogLevel.Debug, result.Settings.Logging.LogLevel["EspWs.App.Server"]);
        Assert.Equal("Warning", result.Configuration["Logging:LogLevel:Default"]);
        Assert.Equal("simple", result.Configuration["Logging:Console:FormatterName"]);
    }

    [Fact]
    public void Board_name_is_matched_without_case_and_given_back_as_known()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: ESP32\n");

        var result = config.Load();

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("esp32", result.Settings.Board.Name);
    }

    [Fact]
    public void Sub_protocols_are_read_as_a_list()
    {
        using var config = new TempConfigDirectory("Server:\n  SubProtocols:\n    - espws.v1\n    - chat\n");

        var result = config.Load();

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["espws.v1", "chat"], result.Settings.Server.SubProtocols);
    }
}
