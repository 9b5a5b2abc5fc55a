using System.Buffers;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server.Connections;

/// <summary>
/// The frames a connection gathers to go out in one write (the echoes and pongs of one receive, the queued server
/// messages behind them), with how many messages and payload bytes they carry for the counters.
/// </summary>
/// <remarks>Used only under the send lock; its pooled array is rented on the first frame and returned once sent.</remarks>
internal sealed class SendBatch
{
    /// <summary>The most bytes one batch gathers; a larger frame is sent on its own.</summary>
    public const int Capacity = 4096;

    private byte[]? _array;
    private int _used;
    private int _frames;
    private long _payloadBytes;

    /// <summary>True when nothing is gathered.</summary>
    public bool IsEmpty => _used == 0;

    /// <summary>The gathered bytes, ready to write.</summary>
    public ReadOnlyMemory<byte> Pending => _array.AsMemory(0, _used);

    /// <summary>True when a frame of <paramref name="frameLength"/> bytes still fits behind what is gathered.</summary>
    public bool Fits(int frameLength) => frameLength <= Capacity - _used;

    /// <summary>Adds <paramref name="message"/> as one unmasked frame of <paramref name="opcode"/>; the caller checked it fits.</summary>
    public void AddMessage(MessageBuffer message, Opcode opcode)
    {
        int length = message.Length;
        Span<byte> target = Array().AsSpan(_used);
        int headerLength = FrameWriter.WriteHeader(target, opcode, fin: true, length);
        message.Payload.CopyTo(target[headerLength..]);
        Added(headerLength + length, length);
    }

    /// <summary>Adds a control frame, which the counters do not count as a message; the caller checked it fits.</summary>
    public void AddControl(Opcode opcode, ReadOnlySpan<byte> payload)
    {
        Span<byte> target = Array().AsSpan(_used);
        int headerLength = FrameWriter.WriteHeader(target, opcode, fin: true, payload.Length);
        payload.CopyTo(target[headerLength..]);
        _used += headerLength + payload.Length;
    }

    /// <summary>Adds an already framed server message; the caller checked it fits.</summary>
    public void AddFrame(ReadOnlySpan<byte> frame)
    {
        frame.CopyTo(Array().AsSpan(_used));
        Added(frame.Length, PayloadLength(frame));
    }

    /// <summary>Counts the gathered messages as sent on <paramref name="counters"/> and empties the batch.</summary>
    public void Sent(ServerCounters counters)
    {
        if (_frames > 0)
        {
            counters.OnMessagesOut(_frames, _payloadBytes);
        }

        Clear();
    }

    /// <summary>Drops what is gathered and gives the array back to the pool.</summary>
    public void Clear()
    {
        if (_array is not null)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = null;
        }

        _used = 0;
        _frames = 0;
        _payloadBytes = 0;
    }

    /// <summary>The payload length of an unmasked server frame, read from its header.</summary>
    // RFC 6455 §5.2: the 7-bit length, or 126 / 127 for a 16- or 64-bit length; server frames carry no mask.
    public static long PayloadLength(ReadOnlySpan<byte> frame) => (frame[1] & 0x7F) switch
    {
        126 => frame.Length - 4,
        127 => frame.Length - 10,
        _ => frame.Length - 2,
    };

    private byte[] Array() => _array ??= ArrayPool<byte>.Shared.Rent(Capacity);

    private void Added(int bytes, long payloadBytes)
    {
        _used += bytes;
        _frames++;
        _payloadBytes += payloadBytes;
    }
}
