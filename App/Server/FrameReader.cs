using System.Buffers.Binary;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>
/// Turns the bytes a client sends into messages and control frames, enforcing RFC 6455 §5-§8 as it goes: a
/// synchronous state machine over a receive buffer and a message buffer, with no I/O and no allocation, so the
/// connection's single async loop only receives, sends and reacts.
/// </summary>
/// <remarks>
/// The receive buffer can be detached whenever it holds no unread bytes, so an idle connection holds none.
/// </remarks>
internal sealed class FrameReader
{
    private const int MaxPayloadStep = 64 * 1024;

    private readonly MessageBuffer _message;
    private byte[] _buffer;
    private bool _awaitingMemory;
    private Utf8Validator _utf8;
    private int _start;
    private int _end;
    private FrameHeader _frame;
    private bool _inPayload;
    private long _payloadRemaining;
    private int _maskOffset;
    private bool _messageOpen;
    private Opcode _messageOpcode;
    private int _directBytes = -1;
    private int _controlStart;
    private int _controlLength;

    /// <summary>Reads frames out of <paramref name="buffer"/>, assembling messages in <paramref name="message"/>.</summary>
    public FrameReader(byte[] buffer, MessageBuffer message)
    {
        _buffer = buffer;
        _message = message;
    }

    /// <summary>Reads frames into <paramref name="message"/>; a receive buffer is attached when there is something to read.</summary>
    public FrameReader(MessageBuffer message)
        : this(System.Array.Empty<byte>(), message)
    {
    }

    /// <summary>True when received bytes wait in the receive buffer, which then may not be detached.</summary>
    public bool HoldsBytes => _end > _start;

    /// <summary>True when a receive buffer is attached.</summary>
    public bool HasBuffer => _buffer.Length > 0;

    /// <summary>True when the next receive goes straight into the message, so no receive buffer is needed.</summary>
    public bool ReceivesIntoMessage => _inPayload && !_frame.IsControl && !Discarding && !_awaitingMemory && Buffered == 0;

    /// <summary>Completes when the budget may have room for the frame just read (after <see cref="FrameEventKind.NeedMemory"/>); then read again.</summary>
    public Task WhenMemoryAsync(CancellationToken cancellationToken) => _message.WhenReservableAsync(_frame.PayloadLength, cancellationToken);

    /// <summary>Gives the reader <paramref name="buffer"/> with <paramref name="count"/> unread bytes from <paramref name="offset"/>.</summary>
    public void Attach(byte[] buffer, int offset, int count)
    {
        _buffer = buffer;
        _start = offset;
        _end = offset + count;
    }

    /// <summary>
    /// Takes the receive buffer back when it holds no unread bytes, or always when <paramref name="discardUnread"/> (the
    /// connection is over); null when there is none to take.
    /// </summary>
    public byte[]? Detach(bool discardUnread = false)
    {
        if ((HoldsBytes && !discardUnread) || _buffer.Length == 0)
        {
            return null;
        }

        byte[] buffer = _buffer;
        _buffer = System.Array.Empty<byte>();
        _start = _end = 0;
        return buffer;
    }

    /// <summary>When set (after the server sent its close), data is skipped unread and only a close frame is reported.</summary>
    public bool Discarding { get; set; }

    /// <summary>The payload of the ping just reported; valid until the next call on this reader.</summary>
    public ReadOnlyMemory<byte> ControlPayload => _buffer.AsMemory(_controlStart, _controlLength);

    private int Buffered => _end - _start;

    /// <summary>Starts a new connection whose first <paramref name="count"/> bytes, from <paramref name="offset"/>, are already in the buffer.</summary>
    public void Reset(int offset, int count)
    {
        _start = offset;
        _end = offset + count;
        _inPayload = false;
        _messageOpen = false;
        _directBytes = -1;
        _awaitingMemory = false;
        Discarding = false;
        _message.Reset();
        _utf8.Reset();
    }

    /// <summary>Where the next receive should write: straight into the message when a large payload is pending, else the buffer's free tail.</summary>
    public Memory<byte> GetReceiveSpace()
    {
        if (ReceivesIntoMessage)
        {
            // Receiving a large payload straight into the message saves a copy per byte.
            _directBytes = 0;
            return _message.GetAppendSpace((int)Math.Min(_payloadRemaining, MaxPayloadStep));
        }

        _directBytes = -1;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, Buffered).CopyTo(_buffer);
            _end = Buffered;
            _start = 0;
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Records that <paramref name="count"/> bytes were received into the space from <see cref="GetReceiveSpace"/>.</summary>
    public void OnReceived(int count)
    {
        if (_directBytes >= 0)
        {
            _directBytes = count;
        }
        else
        {
            _end += count;
        }
    }

    /// <summary>Consumes received bytes until something happens; never throws for any input.</summary>
    public FrameEvent Read()
    {
        if (_awaitingMemory && Reserve() is { } stillWaiting)
        {
            return stillWaiting;
        }

        while (true)
        {
            if (_inPayload)
            {
                FrameEvent? payloadEvent = _frame.IsControl ? ReadControlPayload() : ReadDataPayload();
                if (payloadEvent is { } ready)
                {
                    return ready;
                }

                continue;
            }

            // RFC 6455 §5.2: the header, then the rules that depend on the connection's state.
            FrameParseStatus status = FrameHeaderParser.TryParse(_buffer.AsSpan(_start, Buffered), requireMask: true, out _frame, out string? error);
            if (status == FrameParseStatus.NeedMoreData)
            {
                return FrameEvent.NeedMoreData;
            }

            if (status == FrameParseStatus.ProtocolError)
            {
                return FrameEvent.Failed(1002, error ?? "invalid frame header");
            }

            _start += _frame.HeaderLength;
            _inPayload = true;
            _payloadRemaining = _frame.PayloadLength;
            _maskOffset = 0;
            if (!_frame.IsControl && !Discarding && StartDataFrame() is { } refused)
            {
                return refused;
            }
        }
    }

    private FrameEvent? StartDataFrame()
    {
        // RFC 6455 §5.4: a continuation needs an open message; a new message may not start inside one.
        if (_frame.Opcode == Opcode.Continuation)
        {
            if (!_messageOpen)
            {
                return FrameEvent.Failed(1002, "continuation frame with no message open");
            }
        }
        else
        {
            if (_messageOpen)
            {
                return FrameEvent.Failed(1002, "new data frame while a fragmented message is open");
            }

            _messageOpcode = _frame.Opcode;
            _message.Reset();
            _utf8.Reset();
        }

        // Refused before a single byte of it is buffered, however large the announced length.
        return _message.CanAppend(_frame.PayloadLength) ? Reserve() : FrameEvent.Failed(1009, "message larger than Server:MaxMessageBytes");
    }

    private FrameEvent? Reserve()
    {
        bool? reserved = _message.TryReserve(_frame.PayloadLength);
        _awaitingMemory = reserved == false;
        return reserved switch
        {
            true => null,
            false => FrameEvent.NeedMemory,
            null => FrameEvent.Failed(1009, "message larger than one address's share of Server:MaxBufferedBytes"),
        };
    }

    private FrameEvent? ReadDataPayload()
    {
        if (Discarding)
        {
            int skipped = (int)Math.Min(_payloadRemaining, Buffered);
            _start += skipped;
            _payloadRemaining -= skipped;
            if (_payloadRemaining > 0)
            {
                return FrameEvent.NeedMoreData;
            }

            _inPayload = false;
            return null;
        }

        if (_payloadRemaining > 0 && TakePayloadChunk() is { } failed)
        {
            return failed;
        }

        if (_payloadRemaining > 0)
        {
            return FrameEvent.NeedMoreData;
        }

        _inPayload = false;
        _messageOpen = !_frame.Fin;
        if (_messageOpen)
        {
            return null;
        }

        // RFC 6455 §8.1: a text message must end on a code point boundary.
        return _messageOpcode == Opcode.Text && !_utf8.IsComplete
            ? FrameEvent.Failed(1007, "text message ends inside a UTF-8 sequence")
            : new FrameEvent(FrameEventKind.Message, _messageOpcode);
    }

    private FrameEvent? TakePayloadChunk()
    {
        Span<byte> chunk;
        if (_directBytes > 0)
        {
            chunk = _message.GetAppendSpace(_directBytes).Span;
            _directBytes = -1;
        }
        else
        {
            int taken = (int)Math.Min(Math.Min(_payloadRemaining, Buffered), MaxPayloadStep);
            if (taken == 0)
            {
                return null;
            }

            chunk = _message.GetAppendSpace(taken).Span;
            _buffer.AsSpan(_start, taken).CopyTo(chunk);
            _start += taken;
        }

        _maskOffset = PayloadMask.Apply(chunk, _frame.MaskKey, _maskOffset);
        _message.Advance(chunk.Length);
        _payloadRemaining -= chunk.Length;

        // RFC 6455 §8.1: fail fast, as soon as the bytes so far cannot be valid UTF-8.
        return _messageOpcode == Opcode.Text && !_utf8.Append(chunk)
            ? FrameEvent.Failed(1007, "text message is not valid UTF-8")
            : null;
    }

    private FrameEvent? ReadControlPayload()
    {
        int length = (int)_frame.PayloadLength;
        if (Buffered < length)
        {
            return FrameEvent.NeedMoreData;
        }

        _controlStart = _start;
        _controlLength = length;
        _start += length;
        _inPayload = false;
        Span<byte> payload = _buffer.AsSpan(_controlStart, length);
        PayloadMask.Apply(payload, _frame.MaskKey, 0);
        return _frame.Opcode switch
        {
            Opcode.Close => ReadClose(payload),
            _ when Discarding => null,
            Opcode.Ping => new FrameEvent(FrameEventKind.Ping, Opcode.Ping),
            _ => new FrameEvent(FrameEventKind.Pong, Opcode.Pong),
        };
    }

    // RFC 6455 §5.5.1 and §7.4: a close carries nothing, or a valid code and a UTF-8 reason.
    private static FrameEvent ReadClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0)
        {
            return new FrameEvent(FrameEventKind.Close, Opcode.Close, 1005);
        }

        if (payload.Length == 1)
        {
            return FrameEvent.Failed(1002, "close frame with a 1-byte payload");
        }

        ushort code = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!CloseStatusRules.IsValidReceivedCode(code))
        {
            return FrameEvent.Failed(1002, "invalid close code");
        }

        return Utf8Validator.IsValid(payload[2..])
            ? new FrameEvent(FrameEventKind.Close, Opcode.Close, code)
            : FrameEvent.Failed(1007, "close reason is not valid UTF-8");
    }
}
