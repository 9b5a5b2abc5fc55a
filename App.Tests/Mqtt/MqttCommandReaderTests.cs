using System.Buffers;
using EspWs.App.Control;
using EspWs.App.Mqtt;

namespace EspWs.App.Tests.Mqtt;

public class MqttCommandReaderTests
{
    [Theory]
    [InlineData("ON", LedCommand.On)]
    [InlineData("off", LedCommand.Off)]
    [InlineData(" Toggle\r\n", LedCommand.Toggle)]
    [InlineData("STATUS", LedCommand.Status)]
    public void Command_words_are_read_as_the_websocket_reads_them(string payload, LedCommand expected)
    {
        Assert.True(MqttCommandReader.TryRead(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(payload)), 64, out LedRequest request, out _));
        Assert.Equal(new LedRequest(expected), request);
    }

    [Theory]
    [InlineData("""{"state":"ON"}""", LedCommand.On, 0, 0.0)]
    [InlineData("""{"state":"OFF","transition":2}""", LedCommand.Off, 0, 2.0)]
    [InlineData("""{"state":"ON","brightness":128,"transition":2}""", LedCommand.On, 50, 2.0)]
    [InlineData("""{"state":"ON","brightness":255}""", LedCommand.On, 100, 0.0)]
    [InlineData("""{"state":"ON","brightness":1}""", LedCommand.On, 1, 0.0)]
    [InlineData("""{"brightness":64}""", LedCommand.On, 25, 0.0)]
    [InlineData("""{"brightness":0}""", LedCommand.Off, 0, 0.0)]
    public void Home_assistant_json_is_read_with_brightness_0_to_255_as_the_nearest_percent(string payload, LedCommand command, int percent, double seconds)
    {
        Assert.True(MqttCommandReader.TryRead(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(payload)), 256, out LedRequest request, out string refusal), refusal);
        Assert.Equal(new LedRequest(command, percent, Transition: TimeSpan.FromSeconds(seconds)), request);
    }

    [Theory]
    [InlineData("""{"state":"on"}""", "\"state\" must be \"ON\" or \"OFF\"")]
    [InlineData("""{"state":true}""", "\"state\" must be \"ON\" or \"OFF\"")]
    [InlineData("""{"on":true}""", "unknown member \"on\"")]
    [InlineData("""{"state":"ON","brightness":256}""", "\"brightness\" must be a whole number from 0 to 255")]
    [InlineData("""{"state":"ON","brightness":0}""", "brightness 0 is off")]
    [InlineData("""{"state":"ON","transition":-2}""", "\"transition\" must be a number of seconds")]
    [InlineData("""{"state":"ON","flash":"short"}""", "unknown member \"flash\"")]
    [InlineData("""{"state":"ON""", "not valid JSON")]
    public void Bad_home_assistant_json_is_refused_with_its_reason(string payload, string reason)
    {
        Assert.False(MqttCommandReader.TryRead(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(payload)), 256, out _, out string refusal));
        Assert.Contains(reason, refusal);
    }

    [Theory]
    [InlineData(new byte[] { 0x4F, 0x4E, 0x49, 0x4F, 0x4E }, "not ON, OFF, TOGGLE, STATUS, BRIGHTNESS n or a JSON command")]
    [InlineData(new byte[] { 0x4F, 0xC3, 0x28 }, "not valid UTF-8")]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00 }, "not valid UTF-8")]
    [InlineData(new byte[] { }, "not ON, OFF")]
    public void Refused_payload_names_its_reason(byte[] payload, string reason)
    {
        Assert.False(MqttCommandReader.TryRead(new ReadOnlySequence<byte>(payload), 64, out _, out string refusal));
        Assert.Contains(reason, refusal);
    }

    [Fact]
    public void Payload_over_the_cap_is_refused_before_it_is_read()
    {
        byte[] payload = System.Text.Encoding.ASCII.GetBytes("ON" + new string(' ', 63));

        Assert.False(MqttCommandReader.TryRead(new ReadOnlySequence<byte>(payload), 64, out _, out string refusal));
        Assert.Contains("Mqtt:MaxCommandBytes (64)", refusal);
        Assert.True(MqttCommandReader.TryRead(new ReadOnlySequence<byte>(payload), 65, out _, out _));
    }
}
