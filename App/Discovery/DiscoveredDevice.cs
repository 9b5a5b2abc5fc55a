using System.Net;

namespace EspWs.App.Discovery;

/// <summary>Another EspWs device heard on the network, as its announcement describes it.</summary>
/// <param name="Name">Its instance name.</param>
/// <param name="Address">Its IPv4 address.</param>
/// <param name="Port">Its port.</param>
/// <param name="Board">Its board, from the <c>board</c> TXT key.</param>
/// <param name="Tls">Whether it speaks only <c>wss://</c> and <c>https://</c> (<c>tls=1</c>).</param>
/// <param name="Fingerprint">Its certificate's SHA-256 fingerprint when TLS is on, else empty.</param>
/// <param name="TokenRequired">Whether it asks for a token (<c>auth=token</c>).</param>
/// <param name="Version">Its version.</param>
public sealed record DiscoveredDevice(string Name, IPAddress Address, ushort Port, string Board, bool Tls, string Fingerprint, bool TokenRequired, string Version)
{
    /// <summary>The link to its control page.</summary>
    public string Url => $"{(Tls ? "https" : "http")}://{Address}:{Port}/";
}
