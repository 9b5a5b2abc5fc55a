using System.Collections;

namespace EspWs.App.Tests.Configuration;

public class UnknownConfigurationKeyTests
{
    [Fact]
    public void Unknown_key_in_the_file_is_a_warning_naming_it_and_the_file()
    {
        using var config = new TempConfigDirectory("Server:\n  Prot: 9999\n");

        var result = config.Load();

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["Unknown configuration key 'Server:Prot' (from app.config.yaml) is ignored."], result.Warnings);
        Assert.Equal(9998, result.Settings.Server.Port);
    }

    [Fact]
    public void Unknown_key_from_the_environment_names_the_variable()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load(new Hashtable { ["ESPWS_Sever__Port"] = "1" });

        Assert.Equal(["Unknown configuration key 'Sever:Port' (from environment variable ESPWS_Sever__Port) is ignored."], result.Warnings);
    }

    [Fact]
    public void Unknown_key_from_the_command_line_says_so()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load("--Security:Tokn=x");

        Assert.Equal(["Unknown configuration key 'Security:Tokn' (from the command line) is ignored."], result.Warnings);
    }

    [Fact]
    public void Known_keys_match_without_regard_to_case()
    {
        using var config = new TempConfigDirectory("server:\n  port: 1234\n");

        var result = config.Load(new Hashtable { ["espws_wifi__ssid"] = "lab" });

        Assert.Empty(result.Warnings);
        Assert.Equal(1234, result.Settings!.Server.Port);
        Assert.Equal("lab", result.Settings.WiFi.Ssid);
    }

    [Fact]
    public void Logging_categories_and_console_options_are_known()
    {
        using var config = new TempConfigDirectory(
            "Logging:\n  LogLevel:\n    Microsoft: Warning\n  Console:\n    FormatterOptions:\n      TimestampFormat: 'HH:mm:ss '\n");

        var result = config.Load();

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Warnings);
    }
}
