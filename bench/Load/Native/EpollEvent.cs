using System.Runtime.InteropServices;

namespace EspWs.Bench.Load.Native;

/// <summary>struct epoll_event as x86-64 Linux lays it out: packed, 12 bytes.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct EpollEvent
{
    /// <summary>The EPOLL* flags watched for, or that fired.</summary>
    public uint Events;

    /// <summary>The caller's token: here, the connection's index.</summary>
    public ulong Data;
}
