using EspWs.App.Web;

namespace EspWs.App.Tests.Web;

public class EntityTagTests
{
    [Fact]
    public void Tag_is_quoted_and_the_same_for_the_same_bytes_and_different_for_others()
    {
        string tag = EntityTag.For("body { color: red }"u8);

        Assert.Matches("^\"[0-9a-f]{16}\"$", tag);
        Assert.Equal(tag, EntityTag.For("body { color: red }"u8));
        Assert.NotEqual(tag, EntityTag.For("body { color: blue }"u8));
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"x\", \"abc\"", true)]
    [InlineData("\"x\",W/\"abc\" ,\"y\"", true)]
    [InlineData("*", true)]
    [InlineData("\"abcd\"", false)]
    [InlineData("abc", false)]
    [InlineData("\"ABC\"", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void If_none_match_names_the_tag_weakly_or_with_a_star(string? ifNoneMatch, bool matches)
    {
        Assert.Equal(matches, EntityTag.IsMatchedBy(ifNoneMatch, "\"abc\""));
    }
}
