using System.Buffers.Binary;
using System.Net;

namespace EspWs.App.Discovery;

/// <summary>A network interface the device announces on: its index, name and IPv4 address with its prefix.</summary>
/// <param name="Index">The kernel's interface index, for joining the group and choosing where to send.</param>
/// <param name="Name">The interface's name, such as eth0, for the log.</param>
/// <param name="Address">The IPv4 address announced on it.</param>
/// <param name="PrefixLength">The length of the address's network prefix, for RFC 6762 §11's on-link check.</param>
public sealed record MdnsInterface(int Index, string Name, IPAddress Address, int PrefixLength)
{
    /// <summary>True when <paramref name="source"/> is on this interface's subnet: only such packets are believed (RFC 6762 §11).</summary>
    public bool IsOnLink(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        if (source.AddressFamily != Address.AddressFamily || PrefixLength is < 0 or > 32)
        {
            return false;
        }

        uint mask = PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);
        uint ours = BinaryPrimitives.ReadUInt32BigEndian(Address.GetAddressBytes());
        uint theirs = BinaryPrimitives.ReadUInt32BigEndian(source.GetAddressBytes());
        return (ours & mask) == (theirs & mask);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Address})";
}
