using System.Text;
using EspWs.App.Control;

namespace EspWs.App.Tests.Control;

public class LedCommandParserTests
{
    [Theory]
    [InlineData("ON", LedCommand.On)]
    [InlineData("on", LedCommand.On)]
    [InlineData("oN", LedCommand.On)]
    [InlineData("OFF", LedCommand.Off)]
    [InlineData("Off", LedCommand.Off)]
    [InlineData("TOGGLE", LedCommand.Toggle)]
    [InlineData("toggle", LedCommand.Toggle)]
    [InlineData("STATUS", LedCommand.Status)]
    [InlineData("sTaTuS", LedCommand.Status)]
    public void Each_command_is_recognised_whatever_its_ascii_case(string text, LedCommand expected)
    {
        Assert.Equal(new LedRequest(expected), Command(text));
    }

    [Theory]
    [InlineData(" ON")]
    [InlineData("ON ")]
    [InlineData("\tON\t")]
    [InlineData("ON\r\n")]
    [InlineData("\n \r\tON \n")]
    public void Spaces_tabs_and_line_ends_around_a_command_are_ignored(string text)
    {
        Assert.Equal(new LedRequest(LedCommand.On), Command(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ONION")]
    [InlineData("turn ON")]
    [InlineData("ON OFF")]
    [InlineData("O N")]
    [InlineData("ON.")]
    [InlineData("\vON")]
    [InlineData("\u00A0ON")]
    [InlineData("\uFF2F\uFF2E")]
    [InlineData("\u0130N")]
    public void Anything_but_exactly_one_command_is_not_a_command(string text)
    {
        Assert.Equal(LedParse.NotACommand, LedCommandParser.Parse(Encoding.UTF8.GetBytes(text), out _, out _));
    }

    [Fact]
    public void A_command_inside_a_long_run_of_whitespace_is_still_the_command()
    {
        byte[] text = Encoding.ASCII.GetBytes(new string(' ', 100_000) + "TOGGLE" + new string('\n', 100_000));

        Assert.Equal(LedParse.Command, LedCommandParser.Parse(text, out LedRequest request, out _));
        Assert.Equal(LedCommand.Toggle, request.Command);
    }

    [Fact]
    public void A_long_message_that_starts_with_a_command_is_not_one()
    {
        byte[] text = Encoding.ASCII.GetBytes("ON" + new string('N', 1_000_000));

        Assert.Equal(LedParse.NotACommand, LedCommandParser.Parse(text, out _, out _));
    }

    [Fact]
    public void Bytes_that_are_not_text_are_not_a_command()
    {
        Assert.Equal(LedParse.NotACommand, LedCommandParser.Parse([0x00, (byte)'O', (byte)'N'], out _, out _));
        Assert.Equal(LedParse.NotACommand, LedCommandParser.Parse([(byte)'O', (byte)'N', 0xFF], out _, out _));
    }

    [Theory]
    [InlineData("BRIGHTNESS 40", LedCommand.On, 40, 0.0)]
    [InlineData("brightness 100", LedCommand.On, 100, 0.0)]
    [InlineData("Brightness 1 1.5", LedCommand.On, 1, 1.5)]
    [InlineData("BRIGHTNESS 0", LedCommand.Off, 0, 0.0)]
    [InlineData("BRIGHTNESS 0 2", LedCommand.Off, 0, 2.0)]
    [InlineData("BRIGHTNESS   25   0.25", LedCommand.On, 25, 0.25)]
    public void Brightness_in_words_sets_the_percentage_and_an_optional_fade(string text, LedCommand command, int brightness, double seconds)
    {
        Assert.Equal(new LedRequest(command, brightness, Transition: TimeSpan.FromSeconds(seconds)), Command(text));
    }

    [Theory]
    [InlineData("BRIGHTNESS 101")]
    [InlineData("BRIGHTNESS -1")]
    [InlineData("BRIGHTNESS forty")]
    [InlineData("BRIGHTNESS 40%")]
    [InlineData("BRIGHTNESS 40 -1")]
    [InlineData("BRIGHTNESS 40 3601")]
    [InlineData("BRIGHTNESS 40 NaN")]
    [InlineData("BRIGHTNESS 40 1.5s")]
    [InlineData("BRIGHTNESS 40 1 2")]
    public void Brightness_in_words_out_of_range_or_malformed_is_refused_with_the_usage(string text)
    {
        Assert.Equal(LedParse.Invalid, LedCommandParser.Parse(Encoding.UTF8.GetBytes(text), out _, out string error));
        Assert.Contains("BRIGHTNESS takes a whole percentage from 0 to 100", error);
    }

    [Theory]
    [InlineData("""{"on":true}""", LedCommand.On, 0, 0.0)]
    [InlineData("""{"on":false}""", LedCommand.Off, 0, 0.0)]
    [InlineData("""{"on":true,"brightness":40,"transition":1.5}""", LedCommand.On, 40, 1.5)]
    [InlineData("""{"brightness":40}""", LedCommand.On, 40, 0.0)]
    [InlineData("""{"brightness":0,"transition":2}""", LedCommand.Off, 0, 2.0)]
    [InlineData("""{"on":false,"brightness":70}""", LedCommand.Off, 70, 0.0)]
    [InlineData(""" { "transition" : 0.5 , "on" : true } """, LedCommand.On, 0, 0.5)]
    [InlineData("""{"on":true,"transition":3600}""", LedCommand.On, 0, 3600.0)]
    public void A_json_object_is_a_command_with_brightness_in_percent_and_the_fade_in_seconds(string text, LedCommand command, int brightness, double seconds)
    {
        Assert.Equal(new LedRequest(command, brightness, Transition: TimeSpan.FromSeconds(seconds)), Command(text));
    }

    [Theory]
    [InlineData("""{"on":true""", "not valid JSON")]
    [InlineData("""{on:true}""", "not valid JSON")]
    [InlineData("""{"on":true}x""", "not valid JSON")]
    [InlineData("""{"on":true}{"on":false}""", "not valid JSON")]
    [InlineData("""{"on":NaN}""", "not valid JSON")]
    [InlineData("""{"brightness":NaN}""", "not valid JSON")]
    [InlineData("""{"on":"true"}""", "\"on\" must be true or false")]
    [InlineData("""{"on":1}""", "\"on\" must be true or false")]
    [InlineData("""{"brightness":101}""", "\"brightness\" must be a whole number from 0 to 100")]
    [InlineData("""{"brightness":-1}""", "\"brightness\" must be a whole number from 0 to 100")]
    [InlineData("""{"brightness":40.5}""", "\"brightness\" must be a whole number from 0 to 100")]
    [InlineData("""{"brightness":"40"}""", "\"brightness\" must be a whole number from 0 to 100")]
    [InlineData("""{"brightness":1e400}""", "\"brightness\" must be a whole number from 0 to 100")]
    [InlineData("""{"on":true,"transition":-1}""", "\"transition\" must be a number of seconds from 0 to 3600")]
    [InlineData("""{"on":true,"transition":1e308}""", "\"transition\" must be a number of seconds from 0 to 3600")]
    [InlineData("""{"on":true,"transition":"1s"}""", "\"transition\" must be a number of seconds from 0 to 3600")]
    [InlineData("""{"on":true,"colour":"red"}""", "unknown member \"colour\"")]
    [InlineData("""{"type":"led","on":true,"seq":1}""", "unknown member \"type\"")]
    [InlineData("""{"on":true,"on":false}""", "\"on\" is given twice")]
    [InlineData("""{"on":{"value":true}}""", "\"on\" must be true or false")]
    [InlineData("""{"on":[true]}""", "\"on\" must be true or false")]
    [InlineData("""{"on":{"a":{"b":1}}}""", "\"on\" must be true or false")]
    [InlineData("""{}""", "a command needs \"on\" or \"brightness\"")]
    [InlineData("""{"transition":2}""", "a command needs \"on\" or \"brightness\"")]
    [InlineData("""{"on":true,"brightness":0}""", "brightness 0 is off")]
    public void A_bad_json_command_is_refused_with_its_reason(string text, string reason)
    {
        Assert.Equal(LedParse.Invalid, LedCommandParser.Parse(Encoding.UTF8.GetBytes(text), out _, out string error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_huge_or_deep_json_command_is_refused_unread()
    {
        string huge = "{\"on\":true" + new string(' ', 1_000_000) + "}";
        string deep = "{\"on\":" + new string('[', 100_000);

        Assert.Equal(LedParse.Invalid, LedCommandParser.Parse(Encoding.UTF8.GetBytes(huge), out _, out string hugeError));
        Assert.Contains("at most 256 bytes", hugeError);
        Assert.Equal(LedParse.Invalid, LedCommandParser.Parse(Encoding.UTF8.GetBytes(deep), out _, out string deepError));
        Assert.Contains("at most 256 bytes", deepError);
        Assert.Equal(LedParse.Invalid, LedCommandParser.Parse(Encoding.UTF8.GetBytes(deep[..200]), out _, out string shallowError));
        Assert.Contains("\"on\" must be true or false", shallowError);
    }

    private static LedRequest Command(string text)
    {
        Assert.Equal(LedParse.Command, LedCommandParser.Parse(Encoding.UTF8.GetBytes(text), out LedRequest request, out string error));
        Assert.Equal("", error);
        return request;
    }
}
