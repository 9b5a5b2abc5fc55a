using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EspWs.Bench.Load;

/// <summary>One blocking WebSocket handshake, plain or over TLS, to learn whether a server answers yet.</summary>
internal static class HandshakeProbe
{
    /// <summary>Connects, upgrades and closes; throws when the server does not answer 101 within <paramref name="timeout"/>.</summary>
    public static void Open(IPEndPoint server, X509Certificate2? pinned, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = (int)timeout.TotalMilliseconds,
            SendTimeout = (int)timeout.TotalMilliseconds,
        };
        IAsyncResult connecting = socket.BeginConnect(server, null, null);
        if (!connecting.AsyncWaitHandle.WaitOne(timeout))
        {
            throw new IOException($"connect to {server} timed out");
        }

        socket.EndConnect(connecting);
        using var network = new NetworkStream(socket, ownsSocket: false);
        using Stream stream = pinned is null ? network : Authenticated(network, pinned);
        stream.Write(Encoding.ASCII.GetBytes(
            $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        byte[] head = new byte[1024];
        int length = 0;
        while (head.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0)
        {
            int n = length < head.Length ? stream.Read(head, length, head.Length - length) : 0;
            length += n > 0 ? n : throw new IOException("the server closed the connection during the handshake");
        }

        if (!head.AsSpan().StartsWith("HTTP/1.1 101"u8))
        {
            throw new IOException($"the handshake was answered with '{Encoding.ASCII.GetString(head, 0, 40).Split('\r')[0]}'");
        }
    }

    /// <summary>A TLS client stream over <paramref name="inner"/> that trusts exactly <paramref name="pinned"/>.</summary>
    public static SslStream Authenticated(Stream inner, X509Certificate2 pinned)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false,
            (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == pinned.GetCertHashString());
        tls.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        return tls;
    }
}
