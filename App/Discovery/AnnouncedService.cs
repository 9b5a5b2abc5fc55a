namespace EspWs.App.Discovery;

/// <summary>One announced service type and its TXT strings.</summary>
/// <param name="Type">The service type and protocol, such as <c>_espws._tcp</c> (RFC 6763 §7).</param>
/// <param name="Txt">The TXT strings, each <c>key=value</c> (RFC 6763 §6.3).</param>
public sealed record AnnouncedService(string Type, IReadOnlyList<string> Txt)
{
    /// <summary>The type's full name, <c>_espws._tcp.local</c>.</summary>
    public string TypeName => Type + "." + ServiceAnnouncement.Domain;
}
