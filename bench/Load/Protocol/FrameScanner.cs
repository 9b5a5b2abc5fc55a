using System.Buffers.Binary;

namespace EspWs.Bench.Load.Protocol;

/// <summary>
/// Counts server frames in the bytes as they arrive, without copying them: headers are parsed where they lie, payloads
/// skipped. A header split across two reads is carried over in a few bytes of its own.
/// </summary>
internal struct FrameScanner
{
    private const int MaxHeader = 10;

    private HeaderBytes _header;
    private int _headerHave;
    private long _remaining;
    private bool _inPayload;
    private byte _opcode;
    private long _length;
    private ushort _lead;
    private int _leadHave;

    /// <summary>
    /// Consumes <paramref name="data"/> up to the end of the next whole frame and returns it; false when the data ran out
    /// first (what was read of a frame is kept for the next call).
    /// </summary>
    public bool TryNext(ref ReadOnlySpan<byte> data, out ServerFrame frame)
    {
        while (!data.IsEmpty)
        {
            if (_inPayload)
            {
                while (_leadHave < 2 && _leadHave < _length && !data.IsEmpty)
                {
                    _lead |= (ushort)(data[0] << (8 - (8 * _leadHave)));
                    _leadHave++;
                    data = data[1..];
                    _remaining--;
                }

                int take = (int)Math.Min(_remaining, data.Length);
                data = data[take..];
                _remaining -= take;
                if (_remaining == 0)
                {
                    frame = Complete();
                    return true;
                }

                continue;
            }

            if (_headerHave == 0 && data.Length >= MaxHeader)
            {
                // Fast path: the whole header is here.
                int used = ParseHeader(data);
                data = data[used..];
            }
            else
            {
                _header[_headerHave++] = data[0];
                data = data[1..];
                ReadOnlySpan<byte> have = ((ReadOnlySpan<byte>)_header)[.._headerHave];
                if (_headerHave < 2 || _headerHave < HeaderLength(have[1]))
                {
                    continue;
                }

                ParseHeader(have);
                _headerHave = 0;
            }

            if (_length == 0)
            {
                frame = Complete();
                return true;
            }
        }

        frame = default;
        return false;
    }

    // RFC 6455 §5.2; a server never masks, so the header is 2, 4 or 10 bytes.
    private static int HeaderLength(byte second) => (second & 0x7F) switch { 126 => 4, 127 => 10, _ => 2 };

    private int ParseHeader(ReadOnlySpan<byte> header)
    {
        _opcode = (byte)(header[0] & 0x0F);
        int length7 = header[1] & 0x7F;
        _length = length7 switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(header[2..]),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(header[2..]),
            _ => length7,
        };
        _remaining = _length;
        _inPayload = _length > 0;
        _lead = 0;
        _leadHave = 0;
        return HeaderLength(header[1]);
    }

    private ServerFrame Complete()
    {
        _inPayload = false;
        return new ServerFrame(_opcode, _length, _lead);
    }

    [System.Runtime.CompilerServices.InlineArray(MaxHeader)]
    private struct HeaderBytes
    {
        private byte _first;
    }
}
