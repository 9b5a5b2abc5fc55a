using EspWs.App.Web;

namespace EspWs.App.Tests.Web;

public class MediaTypesTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("/assets/app.css", "text/css; charset=utf-8")]
    [InlineData("/assets/app.js", "text/javascript; charset=utf-8")]
    [InlineData("/assets/favicon.svg", "image/svg+xml")]
    [InlineData("/assets/PHOTO.PNG", "image/png")]
    [InlineData("/assets/data.bin", "application/octet-stream")]
    [InlineData("/assets/noextension", "application/octet-stream")]
    public void Media_type_follows_the_extension_whatever_its_case(string fileName, string expected)
    {
        Assert.Equal(expected, MediaTypes.For(fileName));
    }
}
