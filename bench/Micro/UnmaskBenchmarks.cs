using BenchmarkDotNet.Attributes;
using EspWs.App.Server.Protocol;

namespace EspWs.Bench.Micro;

/// <summary>Unmasking a payload in place against a plain copy of the same buffer, the practical limit of any pass over it.</summary>
public class UnmaskBenchmarks
{
    private byte[] _payload = [];
    private byte[] _copy = [];

    /// <summary>The payload size in bytes: a control-frame-sized payload, a page, and a large message chunk.</summary>
    [Params(125, 4096, 65536)]
    public int Size { get; set; }

    /// <summary>Fills the payload with varied bytes.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[Size];
        _copy = new byte[Size];
        new Random(6455).NextBytes(_payload);
    }

    /// <summary>Copies the buffer with <see cref="Span{T}.CopyTo(Span{T})"/>: one read and one write per byte, vectorised by the runtime.</summary>
    [Benchmark(Baseline = true)]
    public void Copy() => _payload.AsSpan().CopyTo(_copy);

    /// <summary>Unmasks the buffer in place (RFC 6455 §5.3); masking twice restores it, so every call does the same work.</summary>
    [Benchmark]
    public int Unmask() => PayloadMask.Apply(_payload, 0x12345678, 0);

    /// <summary>Unmasks starting at mask byte 3, as a payload split across reads continues.</summary>
    [Benchmark]
    public int UnmaskFromOffset() => PayloadMask.Apply(_payload, 0x12345678, 3);
}
