namespace EspWs.App.Discovery;

/// <summary>What the device announces: its instance name, host label, port and, for each service type, the TXT strings.</summary>
/// <param name="Instance">The instance name people see, such as "Kitchen".</param>
/// <param name="Host">The host label, announced as <c>HOST.local</c>.</param>
/// <param name="Port">The TCP port every service is on (the app's one port).</param>
/// <param name="Services">Each service type (<c>_espws._tcp</c>) with its TXT strings (<c>key=value</c>).</param>
public sealed record ServiceAnnouncement(string Instance, string Host, ushort Port, IReadOnlyList<AnnouncedService> Services)
{
    /// <summary>The domain multicast DNS answers for (RFC 6762 §3).</summary>
    public const string Domain = "local";

    /// <summary>The host's full name, <c>HOST.local</c>.</summary>
    public string HostName => Dns.DnsName.Prepend(Host, Domain);

    /// <summary>The full name of this instance of <paramref name="service"/>: <c>Kitchen._espws._tcp.local</c>.</summary>
    public string InstanceNameOf(AnnouncedService service) => Dns.DnsName.Prepend(Instance, service.TypeName);
}
