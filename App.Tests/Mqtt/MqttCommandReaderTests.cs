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
        Assert.True(MqttCommandReader.TryRead(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(payload)), 64, out LedCommand command, out _));
        Assert.Equal(expected, command);
    }

    [Theory]
    [InlineData(new byte[] { 0x4F, 0x4E, 0x49, 0x4F, 0x4E }, "not ON, OFF")]
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
