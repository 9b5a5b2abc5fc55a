using System.Text;
using EspWs.App.Control;
using EspWs.App.PowerOn;

namespace EspWs.App.Tests.PowerOn;

public class LedStateFormatTests
{
    [Theory]
    [InlineData(true, 0, 100)]
    [InlineData(false, 41, 1)]
    [InlineData(true, long.MaxValue, 40)]
    public void Written_state_reads_back_the_same(bool on, long seq, int brightness)
    {
        byte[] content = LedStateFormat.Write(new LedState(on, seq, brightness));

        Assert.True(LedStateFormat.TryRead(content, out LedState state, out string problem), problem);
        Assert.Equal(new LedState(on, seq, brightness), state);
        Assert.True(content.Length <= LedStateFormat.MaxBytes);
    }

    [Fact]
    public void File_holds_nothing_but_the_marker_the_state_brightness_seq_and_checksum()
    {
        string line = Encoding.ASCII.GetString(LedStateFormat.Write(new LedState(true, 42, 40)));

        Assert.Matches(@"^espws-led 2 on 40 42 [0-9a-f]{8}\n$", line);
    }

    [Theory]
    [InlineData("espws-led 1 on 42 75aa3cd4\n", true, 42)]
    [InlineData("espws-led 1 off 7 c3489b38\n", false, 7)]
    public void A_file_written_before_the_led_could_dim_reads_as_full_brightness(string content, bool on, long seq)
    {
        Assert.True(LedStateFormat.TryRead(Encoding.ASCII.GetBytes(content), out LedState state, out string problem), problem);
        Assert.Equal(new LedState(on, seq, 100), state);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_brightness_outside_1_to_100_is_not_a_state(int brightness)
    {
        string body = $"espws-led 2 on {brightness} 3";
        string checksum = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(body)), 0, 4);

        Assert.False(LedStateFormat.TryRead(Encoding.ASCII.GetBytes($"{body} {checksum}\n"), out _, out string problem));
        Assert.Contains("brightness from 1 to 100", problem);
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
