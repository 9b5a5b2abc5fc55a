namespace EspWs.App.Configuration;

/// <summary>The <c>Tls</c> section: the certificate that turns the listener into <c>wss://</c> and <c>https://</c> (docs/security.md).</summary>
public sealed class TlsSettings : ISettingsSection
{
    /// <summary>
    /// Gets or sets the server certificate: a PEM file (with <see cref="KeyPath"/>) or a PFX/PKCS#12 file (which
    /// carries its key); empty keeps the listener plain.
    /// </summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Gets or sets the PEM file holding the certificate's private key; empty for a PFX.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>
    /// Gets or sets the password of a PFX or of an encrypted PEM key; empty when the file has none. Best set through
    /// <c>ESPWS_Tls__CertificatePassword</c>, never logged.
    /// </summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>Gets a value indicating whether a certificate is configured, so the listener speaks TLS only.</summary>
    internal bool IsEnabled => CertificatePath.Length > 0;
}
