using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Protocol;

public class HttpHeadTests
{
    [Theory]
    [InlineData("", -1)]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n", -1)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 18)]
    [InlineData("GET / HTTP/1.1\r\nHost: h\r\n\r\nbody\r\n\r\n", 27)]
    [InlineData("\r\n\r", -1)]
    [InlineData("\n\n\r\n\r\n", 6)]
    public void End_is_just_past_the_first_blank_line(string data, int expected)
    {
        Assert.Equal(expected, HttpHead.FindEnd(System.Text.Encoding.ASCII.GetBytes(data)));
    }
}
