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
        Assert.True(LedCommandParser.TryParse(Encoding.UTF8.GetBytes(text), out LedCommand command));
        Assert.Equal(expected, command);
    }

    [Theory]
    [InlineData(" ON")]
    [InlineData("ON ")]
    [InlineData("\tON\t")]
    [InlineData("ON\r\n")]
    [InlineData("\n \r\tON \n")]
    public void Spaces_tabs_and_line_ends_around_a_command_are_ignored(string text)
    {
        Assert.True(LedCommandParser.TryParse(Encoding.UTF8.GetBytes(text), out LedCommand command));
        Assert.Equal(LedCommand.On, command);
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
    [InlineData("{\"type\":\"led\",\"on\":true,\"seq\":1}")]
    public void Anything_but_exactly_one_command_is_not_a_command(string text)
    {
        Assert.False(LedCommandParser.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void A_command_inside_a_long_run_of_whitespace_is_still_the_command()
    {
        byte[] text = Encoding.ASCII.GetBytes(new string(' ', 100_000) + "TOGGLE" + new string('\n', 100_000));

        Assert.True(LedCommandParser.TryParse(text, out LedCommand command));
        Assert.Equal(LedCommand.Toggle, command);
    }

    [Fact]
    public void A_long_message_that_starts_with_a_command_is_not_one()
    {
        byte[] text = Encoding.ASCII.GetBytes("ON" + new string('N', 1_000_000));

        Assert.False(LedCommandParser.TryParse(text, out _));
    }

    [Fact]
    public void Bytes_that_are_not_text_are_not_a_command()
    {
        Assert.False(LedCommandParser.TryParse([0x00, (byte)'O', (byte)'N'], out _));
        Assert.False(LedCommandParser.TryParse([(byte)'O', (byte)'N', 0xFF], out _));
    }
}
