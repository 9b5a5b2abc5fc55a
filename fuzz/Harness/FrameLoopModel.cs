using System.Text.Unicode;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>
/// The connection slot's receive loop (ConnectionSlot.Frames.cs) without sockets: bytes arrive in the schedule's
/// reads, headers are parsed from what has arrived, payloads are unmasked chunk by chunk into a MessageBuffer and
/// text is validated as it comes. Every step is checked; the run's observable results are returned as lines.
/// </summary>
internal ref struct FrameLoopModel
{
    /// <summary>The model's Server:MaxMessageBytes: small, so that the fuzzer reaches the 1009 path easily.</summary>
    public const int MaxMessageBytes = 1 << 16;

    private const int InitialMessageBytes = 64;
    private const int MaxPayloadStep = 64 * 1024;

    private readonly ReadOnlySpan<byte> _wire;
    private readonly List<string> _results;
    private readonly MessageBuffer _message;
    private readonly bool _discarding;
    private SplitSchedule _schedule;
    private Utf8Validator _utf8;
    private int _arrived;
    private int _position;

    private FrameLoopModel(ReadOnlySpan<byte> wire, SplitSchedule schedule, MessageBuffer message, bool discarding)
    {
        _wire = wire;
        _discarding = discarding;
        _schedule = schedule;
        _results = [];
        _message = message;
        _utf8 = default;
        _arrived = 0;
        _position = 0;
    }

    /// <summary>
    /// Runs the loop over <paramref name="wire"/> arriving as <paramref name="schedule"/> says, and returns what a
    /// client would observe; <paramref name="discarding"/> models the wait for the client's close after the server
    /// sent its own, when data frames are skipped unread and only a close is reported.
    /// </summary>
    public static List<string> Run(ReadOnlySpan<byte> wire, SplitSchedule schedule, bool discarding)
    {
        using var message = new MessageBuffer(InitialMessageBytes, MaxMessageBytes);
        var model = new FrameLoopModel(wire, schedule, message, discarding);
        model._results.Add(model.Loop());
        return model._results;
    }

    private string Loop()
    {
        bool messageOpen = false;
        Opcode messageOpcode = Opcode.Binary;
        while (true)
        {
            ReadOnlySpan<byte> available = _wire[_position.._arrived];
            FrameParseStatus status = FrameHeaderParser.TryParse(available, requireMask: true, out FrameHeader header, out string? error);
            FrameHeaderChecks.Verify(available, _wire[_position..], status, header, error);
            if (status == FrameParseStatus.NeedMoreData)
            {
                if (!Receive())
                {
                    return _position == _arrived ? "end between frames" : "end inside a header";
                }

                continue;
            }

            if (status == FrameParseStatus.ProtocolError)
            {
                return $"fail 1002 {error}";
            }

            int frameStart = _position;
            _position += header.HeaderLength;
            if (header.IsControl)
            {
                string? end = ControlFrame(header, frameStart);
                if (end is not null)
                {
                    return end;
                }

                continue;
            }

            if (_discarding)
            {
                if (!Skip(header.PayloadLength))
                {
                    return "end inside a payload";
                }

                continue;
            }

            // RFC 6455 §5.4: a continuation needs an open message; a new message may not start inside one.
            if (header.Opcode == Opcode.Continuation && !messageOpen)
            {
                return "fail 1002 continuation with no message open";
            }

            if (header.Opcode != Opcode.Continuation)
            {
                if (messageOpen)
                {
                    return "fail 1002 new data frame inside a message";
                }

                messageOpcode = header.Opcode;
                _message.Reset();
                _utf8.Reset();
            }

            bool fits = header.PayloadLength <= MaxMessageBytes - (long)_message.Length;
            Check(_message.CanAppend(header.PayloadLength) == fits, "MessageBuffer.CanAppend enforces the cap exactly");
            if (!fits)
            {
                return "fail 1009";
            }

            string? payloadEnd = Payload(header, frameStart, messageOpcode == Opcode.Text);
            if (payloadEnd is not null)
            {
                return payloadEnd;
            }

            messageOpen = !header.Fin;
            if (!messageOpen)
            {
                string? deliverEnd = Deliver(messageOpcode);
                if (deliverEnd is not null)
                {
                    return deliverEnd;
                }
            }
        }
    }

    // One read: the next chunk of the schedule arrives; false when the peer has nothing more.
    private bool Receive()
    {
        if (_arrived == _wire.Length)
        {
            return false;
        }

        _arrived += _schedule.Next(_wire.Length - _arrived, minimum: 1);
        return true;
    }

    // Discarding: the payload goes by unread, however long it is announced to be.
    private bool Skip(long length)
    {
        long remaining = length;
        while (remaining > 0)
        {
            if (_arrived == _position && !Receive())
            {
                return false;
            }

            int taken = (int)Math.Min(remaining, _arrived - _position);
            _position += taken;
            remaining -= taken;
        }

        return true;
    }

    private string? Payload(in FrameHeader header, int frameStart, bool isText)
    {
        int messageStart = _message.Length;
        long remaining = header.PayloadLength;
        int maskOffset = 0;
        int done = 0;
        while (remaining > 0)
        {
            if (_arrived == _position && !Receive())
            {
                return "end inside a payload";
            }

            int step = (int)Math.Min(remaining, MaxPayloadStep);
            int taken = Math.Min(_arrived - _position, step);
            Span<byte> space = _message.GetAppendSpace(step).Span;
            Check(space.Length == step, "GetAppendSpace gives the space asked for");
            _wire.Slice(_position, taken).CopyTo(space);
            int chunkStart = MessageBuffer.HeaderRoom + _message.Length;
            Check(space.Overlaps(_message.Array.AsSpan(chunkStart, step), out int gap) && gap == 0, "the append space starts right after the payload");
            int next = GuardedMask.Apply(_message.Array, chunkStart, taken, header.MaskKey, maskOffset);
            Check(next == (done + taken) % 4, "the mask offset carried to the next chunk is the payload position mod 4");
            maskOffset = next;
            ReadOnlySpan<byte> chunk = _message.Array.AsSpan(chunkStart, taken);
            _message.Advance(taken);
            _position += taken;
            done += taken;
            remaining -= taken;

            if (isText && !CheckedUtf8Append(chunk))
            {
                return "fail 1007 invalid UTF-8";
            }
        }

        ReadOnlySpan<byte> unmasked = _message.Payload[messageStart..];
        GuardedMask.VerifyFrame(_wire.Slice(frameStart, header.HeaderLength + (int)header.PayloadLength), header, unmasked);
        return null;
    }

    // The validator must agree with the BCL after every chunk: fail exactly when the message so far cannot be valid.
    private bool CheckedUtf8Append(ReadOnlySpan<byte> chunk)
    {
        bool appended = _utf8.Append(chunk);
        Utf8PrefixStatus expected = Utf8Reference.PrefixStatus(_message.Payload);
        Check(appended == (expected != Utf8PrefixStatus.Invalid), "text validation fails exactly when the message so far cannot be valid UTF-8");
        Check(_utf8.IsComplete == (expected == Utf8PrefixStatus.Complete), "IsComplete agrees with the oracle after every chunk");
        return appended;
    }

    private string? Deliver(Opcode opcode)
    {
        ReadOnlySpan<byte> payload = _message.Payload;
        if (opcode == Opcode.Text)
        {
            // RFC 6455 §8.1: a text message must end on a code point boundary.
            Check(_utf8.IsComplete == Utf8.IsValid(payload), "Utf8Validator agrees with Utf8.IsValid at message end");
            if (!_utf8.IsComplete)
            {
                return "fail 1007 message ends inside a code point";
            }
        }

        EchoChecks.Verify(_message, opcode);
        _results.Add($"{opcode} {Convert.ToHexString(payload)}");
        _message.Reset();
        Check(_message.Length == 0, "Reset empties the message");
        return null;
    }

    private string? ControlFrame(in FrameHeader header, int frameStart)
    {
        int length = (int)header.PayloadLength;
        while (_arrived - _position < length)
        {
            if (!Receive())
            {
                return "end inside a control payload";
            }
        }

        Span<byte> payload = stackalloc byte[FrameHeaderParser.MaxControlPayloadLength + 32];
        _wire.Slice(_position, length).CopyTo(payload);
        GuardedMask.Apply(payload, 0, length, header.MaskKey, 0);
        GuardedMask.VerifyFrame(_wire.Slice(frameStart, header.HeaderLength + length), header, payload[..length]);
        _position += length;
        switch (header.Opcode)
        {
            case Opcode.Ping or Opcode.Pong when _discarding:
                return null;
            case Opcode.Ping:
                _results.Add($"pong {Convert.ToHexString(payload[..length])}");
                return null;
            case Opcode.Pong:
                _results.Add("pong ignored");
                return null;
            default:
                return CloseChecks.Read(payload[..length]);
        }
    }
}
