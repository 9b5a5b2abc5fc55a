using System.Collections;

namespace EspWs.App.Tests.Configuration;

/// <summary>A key given twice, or in two cases, by one source: one warning naming both, the documented spelling wins.</summary>
public class RepeatedKeyTests
{
    [Fact]
    public void Same_argument_twice_keeps_the_last_with_one_warning_naming_both()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load("--Server:Port=1", "--Server:Port=2");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Settings.Server.Port);
        Assert.Equal(["Server:Port is given 2 times ('Server:Port' from the command line, 'Server:Port' from the command line); "
            + "the last one written as documented is used: 'Server:Port' from the command line."], result.Warnings);
    }

    [Theory]
    [InlineData("--server:port=1", "--Server:Port=2")]
    [InlineData("--Server:Port=2", "--server:port=1")]
    public void Argument_in_two_cases_keeps_the_documented_spelling_wherever_it_stands(string first, string second)
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load(first, second);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Settings.Server.Port);
        string warning = Assert.Single(result.Warnings);
        Assert.Contains("'server:port' from the command line", warning, StringComparison.Ordinal);
        Assert.EndsWith("is used: 'Server:Port' from the command line.", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_in_two_cases_keep_the_documented_one_and_name_both()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load(new Hashtable { ["ESPWS_Server__Port"] = "2", ["ESPWS_SERVER__PORT"] = "1" });

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Settings.Server.Port);
        Assert.Equal(["Server:Port is given 2 times ('SERVER:PORT' from environment variable ESPWS_SERVER__PORT, "
            + "'Server:Port' from environment variable ESPWS_Server__Port); the last one written as documented is used: "
            + "'Server:Port' from environment variable ESPWS_Server__Port."], result.Warnings);
    }

    [Fact]
    public void Two_spellings_neither_documented_keep_the_last()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        var result = config.Load("--SERVER:PORT=1", "--server:port=2");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, result.Settings.Server.Port);
        Assert.EndsWith("the last one is used: 'server:port' from the command line.", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_from_each_source_is_layering_not_a_repeat()
    {
        using var config = new TempConfigDirectory("Server:\n  Port: 1\n");

        var result = config.Load(new Hashtable { ["ESPWS_Server__Port"] = "2" }, "--Server:Port=3");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(3, result.Settings.Server.Port);
        Assert.Empty(result.Warnings);
    }
}
