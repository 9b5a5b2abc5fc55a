using System.Net;
using EspWs.App.Discovery;
using EspWs.App.Discovery.Dns;

namespace EspWs.App.Tests.Discovery;

/// <summary>Keeps every packet a responder sends, parsed back, with where it went.</summary>
public sealed class RecordingSender : IMulticastSender
{
    private readonly List<(DnsMessage Message, int Interface, IPEndPoint To)> _sent = [];

    public IReadOnlyList<(DnsMessage Message, int Interface, IPEndPoint To)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<DnsMessage> Probes => [.. Sent.Select(s => s.Message).Where(m => !m.IsResponse && m.Authorities.Count > 0)];

    public IReadOnlyList<DnsMessage> Responses => [.. Sent.Select(s => s.Message).Where(m => m.IsResponse)];

    public void Send(byte[] packet, int interfaceIndex, IPEndPoint destination)
    {
        Assert.True(DnsMessage.TryParse(packet, out DnsMessage message), "the responder sent a packet it cannot read back");
        lock (_sent)
        {
            _sent.Add((message, interfaceIndex, destination));
        }
    }

    public void Clear()
    {
        lock (_sent)
        {
            _sent.Clear();
        }
    }
}
