namespace EspWs.App.Discovery.Dns;

/// <summary>The DNS record types multicast DNS service discovery uses (RFC 1035, 2782, 3596, 4034).</summary>
public static class DnsType
{
    /// <summary>An IPv4 address.</summary>
    public const ushort A = 1;

    /// <summary>A pointer to another name: service type to instance (RFC 6763 §4.1).</summary>
    public const ushort DomainNamePointer = 12;

    /// <summary>Text strings of key=value pairs (RFC 6763 §6).</summary>
    public const ushort Txt = 16;

    /// <summary>An IPv6 address.</summary>
    public const ushort Aaaa = 28;

    /// <summary>A service's host and port (RFC 2782).</summary>
    public const ushort Srv = 33;

    /// <summary>Which types a name has, so a question for another one gets a negative answer (RFC 6762 §6.1).</summary>
    public const ushort Nsec = 47;

    /// <summary>A question for every type a name has.</summary>
    public const ushort Any = 255;

    /// <summary>The Internet class, the only one multicast DNS uses.</summary>
    public const ushort ClassIn = 1;
}
