using System.Buffers.Binary;

namespace EspWs.App.Discovery.Dns;

/// <summary>A DNS message as multicast DNS uses it (RFC 1035 §4.1, RFC 6762 §18): header, questions and the three record sections.</summary>
public sealed class DnsMessage
{
    /// <summary>The largest message read or written (RFC 6762 §17: 9000 bytes including the IP and UDP headers).</summary>
    public const int MaxBytes = 9000;

    private const int HeaderBytes = 12;
    private const ushort ResponseFlag = 0x8000;
    private const ushort AuthoritativeFlag = 0x0400;
    private const ushort TopBit = 0x8000;

    /// <summary>Gets or sets the message id: 0 on multicast, the query's in a legacy unicast answer (RFC 6762 §18.1).</summary>
    public ushort Id { get; init; }

    /// <summary>Gets a value indicating whether the message is a response (QR set) rather than a query.</summary>
    public bool IsResponse { get; init; }

    /// <summary>Gets the questions.</summary>
    public List<DnsQuestion> Questions { get; init; } = [];

    /// <summary>Gets the answer records.</summary>
    public List<DnsRecord> Answers { get; init; } = [];

    /// <summary>Gets the authority records: in a probe, the records the prober proposes (RFC 6762 §8.2).</summary>
    public List<DnsRecord> Authorities { get; init; } = [];

    /// <summary>Gets the additional records.</summary>
    public List<DnsRecord> Additionals { get; init; } = [];

    /// <summary>The message in wire form, names compressed (RFC 1035 §4.1.4); record data is written as it is held, uncompressed.</summary>
    public byte[] ToWire()
    {
        var writer = new Writer();
        writer.UInt16(Id);
        // RFC 6762 §18.4: responses are authoritative; opcode and rcode are 0.
        writer.UInt16(IsResponse ? (ushort)(ResponseFlag | AuthoritativeFlag) : (ushort)0);
        writer.UInt16((ushort)Questions.Count);
        writer.UInt16((ushort)Answers.Count);
        writer.UInt16((ushort)Authorities.Count);
        writer.UInt16((ushort)Additionals.Count);
        foreach (DnsQuestion question in Questions)
        {
            writer.Name(question.Name);
            writer.UInt16(question.Type);
            writer.UInt16((ushort)(DnsType.ClassIn | (question.UnicastResponse ? TopBit : 0)));
        }

        foreach (DnsRecord record in Answers.Concat(Authorities).Concat(Additionals))
        {
            writer.Name(record.Name);
            writer.UInt16(record.Type);
            writer.UInt16((ushort)(DnsType.ClassIn | (record.CacheFlush ? TopBit : 0)));
            writer.UInt32(record.Ttl);
            writer.UInt16((ushort)record.Data.Length);
            writer.Bytes(record.Data);
        }

        return writer.ToArray();
    }

    /// <summary>Reads a message; false for anything malformed or truncated, which the caller ignores.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out DnsMessage message)
    {
        message = new DnsMessage();
        if (packet.Length < HeaderBytes || packet.Length > MaxBytes)
        {
            return false;
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int questions = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        int[] counts = [BinaryPrimitives.ReadUInt16BigEndian(packet[6..]), BinaryPrimitives.ReadUInt16BigEndian(packet[8..]), BinaryPrimitives.ReadUInt16BigEndian(packet[10..])];
        // RFC 6762 §18.3: messages with a non-zero opcode are ignored.
        if ((flags & 0x7800) != 0)
        {
            return false;
        }

        var parsed = new DnsMessage { Id = BinaryPrimitives.ReadUInt16BigEndian(packet), IsResponse = (flags & ResponseFlag) != 0 };
        int offset = HeaderBytes;
        for (int i = 0; i < questions; i++)
        {
            if (!DnsName.TryRead(packet, ref offset, out string name) || offset + 4 > packet.Length)
            {
                return false;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            ushort qclass = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            offset += 4;
            parsed.Questions.Add(new DnsQuestion(name, type, (qclass & TopBit) != 0));
        }

        List<DnsRecord>[] sections = [parsed.Answers, parsed.Authorities, parsed.Additionals];
        for (int s = 0; s < sections.Length; s++)
        {
            for (int i = 0; i < counts[s]; i++)
            {
                if (!TryReadRecord(packet, ref offset, out DnsRecord? record))
                {
                    return false;
                }

                if (record is not null)
                {
                    sections[s].Add(record);
                }
            }
        }

        message = parsed;
        return true;
    }

    // A record of another class is skipped (null), not an error: the message around it may still be useful.
    private static bool TryReadRecord(ReadOnlySpan<byte> packet, ref int offset, out DnsRecord? record)
    {
        record = null;
        if (!DnsName.TryRead(packet, ref offset, out string name) || offset + 10 > packet.Length)
        {
            return false;
        }

        ushort type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
        ushort rclass = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
        uint ttl = BinaryPrimitives.ReadUInt32BigEndian(packet[(offset + 4)..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 8)..]);
        int start = offset + 10;
        offset = start + length;
        if (offset > packet.Length)
        {
            return false;
        }

        if ((rclass & ~TopBit) != DnsType.ClassIn)
        {
            return true;
        }

        byte[]? data = type switch
        {
            DnsType.DomainNamePointer => ExpandName(packet, start, 0, offset),
            DnsType.Srv when length >= 7 => ExpandName(packet, start, 6, offset),
            _ => packet.Slice(start, length).ToArray(),
        };
        if (data is null)
        {
            return false;
        }

        record = new DnsRecord(name, type, (rclass & TopBit) != 0, ttl, data);
        return true;
    }

    // The data's fixed part, then its name written out in full, so records compare by their data alone.
    private static byte[]? ExpandName(ReadOnlySpan<byte> packet, int start, int fixedBytes, int end)
    {
        int nameOffset = start + fixedBytes;
        if (!DnsName.TryRead(packet, ref nameOffset, out string name) || nameOffset > end)
        {
            return null;
        }

        byte[] wire = DnsName.ToWire(name);
        byte[] data = new byte[fixedBytes + wire.Length];
        packet.Slice(start, fixedBytes).CopyTo(data);
        wire.CopyTo(data, fixedBytes);
        return data;
    }

    /// <summary>Writes a message, remembering where each name suffix was written so later names can point to it.</summary>
    private sealed class Writer
    {
        private const int MaxPointerOffset = 0x3FFF;
        private readonly List<byte> _bytes = new(512);
        private readonly Dictionary<string, int> _suffixes = new(DnsName.Comparer);

        public void UInt16(ushort value)
        {
            _bytes.Add((byte)(value >> 8));
            _bytes.Add((byte)value);
        }

        public void UInt32(uint value)
        {
            UInt16((ushort)(value >> 16));
            UInt16((ushort)value);
        }

        public void Bytes(byte[] bytes) => _bytes.AddRange(bytes);

        public void Name(string name)
        {
            List<string> labels = DnsName.Labels(name);
            for (int i = 0; i < labels.Count; i++)
            {
                string suffix = string.Join('\u0000', labels.Skip(i));
                if (_suffixes.TryGetValue(suffix, out int at))
                {
                    UInt16((ushort)(0xC000 | at));
                    return;
                }

                if (_bytes.Count <= MaxPointerOffset)
                {
                    _suffixes[suffix] = _bytes.Count;
                }

                byte[] label = System.Text.Encoding.UTF8.GetBytes(labels[i]);
                _bytes.Add((byte)label.Length);
                _bytes.AddRange(label);
            }

            _bytes.Add(0);
        }

        public byte[] ToArray() => [.. _bytes];
    }
}
