using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;

namespace EspWs.Bench.Load.Native;

/// <summary>struct sockaddr_in: an IPv4 address and port in network byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct SocketAddressIn
{
    /// <summary>The size libc is told.</summary>
    public const int Size = 16;

    private readonly ushort _family;
    private readonly ushort _port;
    private readonly uint _address;
    private readonly ulong _zero;

    /// <summary>The address of <paramref name="endPoint"/> (IPv4 only).</summary>
    public SocketAddressIn(IPEndPoint endPoint)
    {
        Span<byte> address = stackalloc byte[4];
        if (!endPoint.Address.TryWriteBytes(address, out int written) || written != 4)
        {
            throw new ArgumentException($"{endPoint} is not an IPv4 address.", nameof(endPoint));
        }

        _family = Libc.AfInet;
        _port = BinaryPrimitives.ReverseEndianness((ushort)endPoint.Port);
        _address = BinaryPrimitives.ReadUInt32LittleEndian(address);
        _zero = 0;
    }
}
