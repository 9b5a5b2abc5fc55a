using System.Text;
using EspWs.App.Control;
using EspWs.App.PowerOn;

namespace EspWs.App.Tests.PowerOn;

public class LedStateFormatTests
{
    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 41)]
    [InlineData(true, long.MaxValue)]
    public void Written_state_reads_back_the_same(bool on, long seq)
    {
        byte[] content = LedStateFormat.Write(new LedState(on, seq));

        Assert.True(LedStateFormat.TryRead(content, out LedState state, out string problem), problem);
        Assert.Equal(new LedState(on, seq), state);
        Assert.True(content.Length <= LedStateFormat.MaxBytes);
    }

    [Fact]
    public void File_holds_nothing_but_the_marker_the_state_seq_and_checksum()
    {
        string line = Encoding.ASCII.GetString(LedStateFormat.Write(new LedState(true, 42)));

        Assert.Matches(@"^espws-led 1 on 42 [0-9a-f]{8}\n$", line);
    }

    public static TheoryData<string, byte[]> Damaged()
    {
        byte[] good = LedStateFormat.Write(new LedState(true, 42));
        byte[] flipped = (byte[])good.Clone();
        flipped[Array.IndexOf(flipped, (byte)'4')] = (byte)'5';
        byte[] tooLong = new byte[LedStateFormat.MaxBytes + 1];
        Array.Fill(tooLong, (byte)'\n');
        return new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "truncated", good[..^5] },
            { "truncated before the newline", good[..^1] },
            { "seq changed, checksum kept", flipped },
            { "foreign text", "{\"on\":true}\n"u8.ToArray() },
            { "zeros after a torn write", new byte[good.Length] },
            { "too long", tooLong },
            { "state word changed", Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(good).Replace(" on ", " no ", StringComparison.Ordinal)) },
        };
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Damaged_or_foreign_content_is_refused_with_a_reason(string what, byte[] content)
    {
        Assert.False(LedStateFormat.TryRead(content, out _, out string problem), what);
        Assert.NotEmpty(problem);
    }
}
