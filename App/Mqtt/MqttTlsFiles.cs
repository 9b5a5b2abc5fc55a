using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EspWs.App.Configuration;

namespace EspWs.App.Mqtt;

/// <summary>Loads the files of the <c>Mqtt</c> TLS keys, or says in one line naming the key why they cannot be used; throws nothing.</summary>
internal static class MqttTlsFiles
{
    /// <summary>The CA certificates of <c>Mqtt:CaFile</c>, or null with <paramref name="error"/> set.</summary>
    public static X509Certificate2Collection? LoadCa(string path, out string? error)
    {
        error = null;
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"Mqtt:CaFile = '{path}' cannot be read: {ex.Message.ReplaceLineEndings(" ")}";
            return null;
        }

        if (certificates.Count == 0)
        {
            error = $"Mqtt:CaFile = '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----): give the CA certificate that signed the broker's.";
            return null;
        }

        return certificates;
    }

    /// <summary>The device's certificate with its key, from <c>Mqtt:ClientCertificatePath</c> and <c>Mqtt:ClientKeyPath</c>, or null with <paramref name="error"/> set.</summary>
    public static X509Certificate2? LoadClientCertificate(MqttSettings settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        error = null;
        if (settings.ClientKeyPath.Length == 0)
        {
            error = $"Mqtt:ClientCertificatePath = '{settings.ClientCertificatePath}' needs Mqtt:ClientKeyPath, the PEM file of its private key.";
            return null;
        }

        try
        {
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(settings.ClientCertificatePath, settings.ClientKeyPath);
            // Exported and loaded again so the key is usable by the TLS stack on every platform, not only as an ephemeral key.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"Mqtt:ClientCertificatePath = '{settings.ClientCertificatePath}' with Mqtt:ClientKeyPath = '{settings.ClientKeyPath}' cannot be used: "
                + ex.Message.ReplaceLineEndings(" ");
            return null;
        }
    }
}
