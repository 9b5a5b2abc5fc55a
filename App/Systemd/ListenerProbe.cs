using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EspWs.App.Tls;

namespace EspWs.App.Systemd;

/// <summary>
/// Asks the app's own listener for <c>/healthz</c> over loopback, the way its clients reach it (through a TLS handshake
/// when the listener speaks TLS), proving that it still accepts, handshakes and answers.
/// </summary>
/// <remarks>
/// A connect alone would prove nothing: the kernel completes a TCP handshake even when the accept loop hangs. Over TLS
/// the probe accepts only the certificate the app is serving right now, so an answer from anything else is no answer.
/// </remarks>
public sealed class ListenerProbe
{
    private const int MaxResponseBytes = 512;
    private readonly IPEndPoint _target;
    private readonly ServerCertificateStore? _certificates;

    /// <summary>Creates a probe of the listener at <paramref name="listening"/>, over TLS with the certificate in <paramref name="certificates"/> when it is not null.</summary>
    public ListenerProbe(IPEndPoint listening, ServerCertificateStore? certificates)
    {
        ArgumentNullException.ThrowIfNull(listening);
        IPAddress address = listening.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : listening.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : listening.Address;
        _target = new IPEndPoint(address, listening.Port);
        _certificates = certificates;
    }

    /// <summary>
    /// Returns the status line and body of the answer to <c>GET /healthz</c>, or null when no answer came within
    /// <paramref name="timeout"/> (or, over TLS, the listener presented another certificate).
    /// </summary>
    /// <remarks>
    /// A listener whose slots are full, or that refuses this address, answers 503 or 429 in plain HTTP before any TLS
    /// (the refusal must stay cheaper than a handshake): over TLS that answer is read as it came, and counts. It shows
    /// the listener alive and busy, as it does on a plain listener, not hung.
    /// </remarks>
    public async Task<string?> GetHealthAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var socket = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(_target, deadline.Token);
            await using var plain = new NetworkStream(socket, ownsSocket: false);
            await using var firstBytes = new FirstBytesStream(plain, MaxResponseBytes);
            Stream stream;
            try
            {
                stream = await OpenAsync(firstBytes, deadline.Token);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException && firstBytes.Held.AsSpan().StartsWith("HTTP/1.1 "u8))
            {
                return await ReadAnswerAsync(plain, firstBytes.Held, deadline.Token);
            }

            await using (stream)
            {
                await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), deadline.Token);
                return await ReadAnswerAsync(stream, [], deadline.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or AuthenticationException)
        {
            return null;
        }
    }

    // The status line and the body of an HTTP answer that begins with what was already read, or null for anything else.
    private static async Task<string?> ReadAnswerAsync(Stream stream, byte[] alreadyRead, CancellationToken deadline)
    {
        byte[] response = new byte[MaxResponseBytes];
        alreadyRead.CopyTo(response, 0);
        int length = alreadyRead.Length;
        int read;
        while (length < response.Length && (read = await stream.ReadAsync(response.AsMemory(length), deadline)) > 0)
        {
            length += read;
        }

        string text = Encoding.ASCII.GetString(response, 0, length);
        int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && headEnd > 0
            ? text[..text.IndexOf('\r', StringComparison.Ordinal)] + " " + text[(headEnd + 4)..].Trim()
            : null;
    }

    private async Task<Stream> OpenAsync(Stream plain, CancellationToken deadline)
    {
        if (_certificates is null)
        {
            return plain;
        }

        byte[] expected = _certificates.Current.Certificate.GetCertHash(HashAlgorithmName.SHA256);
        var tls = new SslStream(plain, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = TlsServerHandshake.Protocols,
                // Pinned to the app's own certificate: its chain and names need not fit loopback.
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is not null && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(expected),
            }, deadline);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
