using System.Text;
using BenchmarkDotNet.Attributes;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Micro;

/// <summary>The server's incremental UTF-8 validator against the runtime's own <see cref="System.Text.Unicode.Utf8.IsValid(ReadOnlySpan{byte})"/>.</summary>
public class Utf8ValidationBenchmarks
{
    private byte[] _text = [];

    /// <summary>The text's size in bytes.</summary>
    [Params(125, 4096)]
    public int Size { get; set; }

    /// <summary>What the text is made of: plain ASCII, or mixed scripts with 2-, 3- and 4-byte sequences.</summary>
    [Params("ascii", "mixed")]
    public string Content { get; set; } = "ascii";

    /// <summary>Builds valid UTF-8 of exactly <see cref="Size"/> bytes, ending on a character boundary.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string sample = Content == "ascii"
            ? "{\"type\":\"led\",\"on\":true,\"seq\":42} the quick brown fox jumps over the lazy dog. "
            : "Grüße, Привет, 你好世界, γειά σου, 🙂 🚀 ok; ";
        var builder = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(builder.ToString()) < Size)
        {
            builder.Append(sample);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(builder.ToString());
        int end = Size;
        while ((bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }

        _text = bytes[..end];
    }

    /// <summary>The runtime's vectorised validator, for reference; it cannot resume across chunks.</summary>
    [Benchmark(Baseline = true)]
    public bool RuntimeUtf8IsValid() => System.Text.Unicode.Utf8.IsValid(_text);

    /// <summary>The server's validator as a frame's payload meets it: one chunk appended, then the message's end checked.</summary>
    [Benchmark]
    public bool Utf8Validator()
    {
        var validator = default(App.Server.Protocol.Utf8Validator);
        return validator.Append(_text) && validator.IsComplete;
    }
}
