using System.Net.Security;
using System.Security.Authentication;

namespace EspWs.App.Tls;

/// <summary>The server's side of the TLS handshake on one accepted connection: TLS 1.2 and 1.3 only, bounded by the caller's deadline.</summary>
public static class TlsServerHandshake
{
    /// <summary>The only protocol versions the listener speaks.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The options one handshake runs with: <paramref name="certificate"/>, TLS 1.2/1.3, no client certificate, HTTP/1.1.</summary>
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
    /// Authenticates as the server over <paramref name="transport"/> with <paramref name="certificate"/> and returns the
    /// TLS stream (which leaves <paramref name="transport"/> open when disposed).
    /// </summary>
    /// <exception cref="OperationCanceledException">When <paramref name="deadline"/> passes first.</exception>
    /// <exception cref="AuthenticationException">
    /// When the client did not complete a valid TLS 1.2/1.3 handshake (a plain-text request, a garbage ClientHello, an
    /// older protocol, a client that left); its message is one line saying which.
    /// </exception>
    public static async ValueTask<SslStream> AuthenticateAsync(Stream transport, ServerCertificate certificate, CancellationToken deadline)
    {
        var tls = new SslStream(transport, leaveInnerStreamOpen: true);
        try
        {
            await tls.AuthenticateAsServerAsync(Options(certificate), deadline);
            return tls;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            await tls.DisposeAsync();
            throw new AuthenticationException($"TLS handshake failed: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
