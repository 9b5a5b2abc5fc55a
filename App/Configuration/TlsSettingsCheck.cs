using System.Net;
using EspWs.App.Tls;

namespace EspWs.App.Configuration;

/// <summary>
/// The checks of a validated configuration that look beyond its values: the <c>Tls</c> files load, and a token is
/// not sent in clear text over the network.
/// </summary>
internal static class TlsSettingsCheck
{
    /// <summary>Adds one line to <paramref name="errors"/> when the certificate cannot be used, and to <paramref name="warnings"/> for what the user should know.</summary>
    public static void Check(EspWsSettings settings, DateTimeOffset now, List<string> errors, List<string> warnings)
    {
        if (settings.Tls.IsEnabled)
        {
            CertificateLoadResult loaded = ServerCertificateLoader.Load(settings.Tls, now);
            if (loaded.Error is not null)
            {
                errors.Add(loaded.Error);
            }

            if (loaded.Warning is not null)
            {
                warnings.Add(loaded.Warning);
            }
        }
        else if (settings.Security.Token.Length > 0 && !IsLoopback(settings.Server.BindAddress))
        {
            warnings.Add($"Security:Token is set but the listener on {settings.Server.BindAddress} is plain (no Tls:CertificatePath): "
                + "the token crosses the network in clear text, readable by anyone on it. Set Tls:CertificatePath and Tls:KeyPath "
                + "(--generate-certificate DIR makes them), or bind to 127.0.0.1 behind a TLS proxy (docs/security.md).");
        }
    }

    private static bool IsLoopback(string bindAddress) =>
        IPAddress.TryParse(bindAddress, out IPAddress? address) && IPAddress.IsLoopback(address);
}
