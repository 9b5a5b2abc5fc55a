using BenchmarkDotNet.Attributes;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Micro;

/// <summary>Parsing a client frame header and writing a server frame header, for each of the three length encodings.</summary>
public class FrameHeaderBenchmarks
{
    private readonly byte[] _clientHeader = new byte[FrameWriter.MaxHeaderLength];
    private readonly byte[] _serverHeader = new byte[FrameWriter.MaxHeaderLength];

    /// <summary>The payload length: 7-bit, 16-bit and 64-bit encodings.</summary>
    [Params(16, 1024, 65536)]
    public int PayloadLength { get; set; }

    /// <summary>Writes the masked client header the parse benchmark reads.</summary>
    [GlobalSetup]
    public void Setup()
    {
        FrameWriter.WriteMaskedHeader(_clientHeader, Opcode.Binary, fin: true, PayloadLength, maskKey: 0x12345678);
    }

    /// <summary>Parses a masked client header (RFC 6455 §5.2), as the receive path does for every frame.</summary>
    [Benchmark]
    public long Parse()
    {
        FrameHeaderParser.TryParse(_clientHeader, requireMask: true, out FrameHeader header, out _);
        return header.PayloadLength + header.MaskKey;
    }

    /// <summary>Writes an unmasked server header, as the echo does for every message.</summary>
    [Benchmark]
    public int Write() => FrameWriter.WriteHeader(_serverHeader, Opcode.Binary, fin: true, PayloadLength);
}
