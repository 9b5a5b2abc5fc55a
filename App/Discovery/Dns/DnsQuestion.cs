namespace EspWs.App.Discovery.Dns;

/// <summary>One question: a name, a type (or <see cref="DnsType.Any"/>) and whether the asker wants a unicast answer (RFC 6762 §5.4).</summary>
public readonly record struct DnsQuestion(string Name, ushort Type, bool UnicastResponse)
{
    /// <summary>True when <paramref name="record"/> answers this question: the same name, and its type or any.</summary>
    public bool IsAnsweredBy(DnsRecord record) =>
        (Type == DnsType.Any || Type == record.Type) && DnsName.Comparer.Equals(Name, record.Name);
}
