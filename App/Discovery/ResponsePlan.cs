using EspWs.App.Discovery.Dns;

namespace EspWs.App.Discovery;

/// <summary>How to answer one query: the response, whether it goes back to the asker alone, and whether it waits 20-120 ms first.</summary>
/// <param name="Response">The response to send.</param>
/// <param name="Unicast">True to send it to the asker's address and port; false to multicast it to the group.</param>
/// <param name="Delayed">True when it holds shared records, which wait 20-120 ms so answers from many hosts spread out (RFC 6762 §6).</param>
public sealed record ResponsePlan(DnsMessage Response, bool Unicast, bool Delayed);
