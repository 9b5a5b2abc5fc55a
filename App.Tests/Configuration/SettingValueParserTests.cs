using EspWs.App.Configuration;

namespace EspWs.App.Tests.Configuration;

public class SettingValueParserTests
{
    [Theory]
    [InlineData("00:00:05", 5_000)]
    [InlineData("00:00:00.250", 250)]
    [InlineData("0", 0)]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("5S", 5_000)]
    public void Duration_is_read_in_dotnet_format_or_shorthand(string text, long milliseconds)
    {
        Assert.True(SettingValueParser.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("soon")]
    [InlineData("1.5s")]
    [InlineData("-5s")]
    [InlineData("s")]
    [InlineData("5 s")]
    [InlineData("99999999999999999h")]
    public void Duration_that_is_ambiguous_or_malformed_is_refused(string text)
    {
        Assert.False(SettingValueParser.TryParseDuration(text, out _));
    }
}
