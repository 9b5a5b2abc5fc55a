using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tls;

/// <summary>The server's side of the TLS handshake on one accepted connection: TLS 1.2 and 1.3 only, bounded by the caller's deadline.</summary>
public static class TlsServerHandshake
{
    /// <summary>The only protocol versions the listener speaks.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The options one handshake runs with: the store's current certificate, so a renewal reaches every later connection.</summary>
    public static SslServerAuthenticationOptions Options(ServerCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = certificate.Context,
            EnabledSslProtocols = Protocols,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        };
    }

    /// <summary>
    /// Authenticates as the server over <paramref name="transport"/>; returns the TLS stream, or null when the client
    /// did not complete a valid handshake before <paramref name="deadline"/> (logged at Debug, without a stack trace).
    /// </summary>
    /// <remarks>The transport is left open either way: the caller owns the socket and frees the slot.</remarks>
    public static async ValueTask<SslStream?> TryAuthenticateAsync(
        Stream transport, ServerCertificateStore store, EndPoint? remote, ILogger log, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(log);
        var tls = new SslStream(transport, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsServerAsync(Options(store.Current), deadline);
            return tls;
        }
        catch (OperationCanceledException)
        {
            log.LogDebug("Client {Remote} dropped: no TLS handshake within Server:HandshakeTimeout.", remote);
        }
        catch (AuthenticationException ex)
        {
            // A plain-text request on the TLS port, a garbage ClientHello, or a protocol older than TLS 1.2.
            log.LogDebug("Client {Remote} dropped: its TLS handshake failed ({Reason}).", remote, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            log.LogDebug("Client {Remote} dropped: it left during the TLS handshake ({Reason}).", remote, ex.Message);
        }

        await tls.DisposeAsync();
        return null;
    }
}
