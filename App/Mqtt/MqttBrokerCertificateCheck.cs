using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EspWs.App.Configuration;
using MQTTnet;

namespace EspWs.App.Mqtt;

/// <summary>
/// Decides whether the broker's certificate is trusted: it must name <c>Mqtt:Host</c>, be within its validity, and chain
/// to <c>Mqtt:CaFile</c> (or the system's roots), checked for revocation as <c>Mqtt:RevocationCheck</c> says.
/// </summary>
/// <remarks>
/// A refusal throws <see cref="MqttBrokerCertificateRejectedException"/> with the cause and the key that fixes it, so the link's log
/// line says what to do instead of the TLS stack's "rejected by the provided RemoteCertificateValidationCallback".
/// </remarks>
internal sealed class MqttBrokerCertificateCheck
{
    private readonly MqttSettings _settings;
    private readonly X509Certificate2Collection? _authorities;
    private readonly X509RevocationMode _revocation;
    private readonly TimeProvider _time;

    /// <summary>Creates the check for <paramref name="settings"/>, trusting <paramref name="authorities"/> instead of the system's roots when not null.</summary>
    public MqttBrokerCertificateCheck(MqttSettings settings, X509Certificate2Collection? authorities, TimeProvider time)
    {
        _settings = settings;
        _authorities = authorities;
        _time = time;
        _revocation = settings.RevocationCheck switch
        {
            MqttRevocationCheck.NoCheck => X509RevocationMode.NoCheck,
            MqttRevocationCheck.Online => X509RevocationMode.Online,
            MqttRevocationCheck.Offline => X509RevocationMode.Offline,
            _ => authorities is null ? X509RevocationMode.Online : X509RevocationMode.NoCheck,
        };
    }

    /// <summary>Gets the revocation mode the chain is built with.</summary>
    public X509RevocationMode RevocationMode => _revocation;

    /// <summary>True when the broker's certificate is trusted; otherwise throws <see cref="MqttBrokerCertificateRejectedException"/> naming the cause and the key.</summary>
    public bool Validate(MqttClientCertificateValidationEventArgs e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Certificate is null)
        {
            throw Refused("the broker presented no certificate");
        }

        using var presented = new X509Certificate2(e.Certificate);
        DateTime now = _time.GetUtcNow().UtcDateTime;
        if (presented.NotAfter.ToUniversalTime() < now || presented.NotBefore.ToUniversalTime() > now)
        {
            throw Refused($"the broker's certificate is valid from {presented.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} to "
                + $"{presented.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC, not now: renew it on the broker");
        }

        if ((e.SslPolicyErrors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            string names = presented.GetNameInfo(X509NameType.DnsName, forIssuer: false);
            throw Refused($"the broker's certificate does not name '{_settings.Host}' (it is for '{names}'): set Mqtt:Host to a name the certificate carries");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = _revocation;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.UrlRetrievalTimeout = TimeSpan.FromSeconds(5);
        if (_authorities is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        }

        if (e.Chain is not null)
        {
            // The intermediates the broker sent along.
            foreach (X509ChainElement element in e.Chain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (chain.Build(presented))
        {
            return true;
        }

        X509ChainStatusFlags status = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        throw Refused(Cause(status, presented, chain));
    }

    private string Cause(X509ChainStatusFlags status, X509Certificate2 presented, X509Chain chain)
    {
        if ((status & X509ChainStatusFlags.Revoked) != 0)
        {
            return "the broker's certificate (or its CA's) is revoked";
        }

        if ((status & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            string trusted = _authorities is null ? "the system's trusted roots" : $"Mqtt:CaFile = '{_settings.CaFile}'";
            return $"the broker's certificate (issued by '{presented.Issuer}') does not chain to {trusted}: "
                + "set Mqtt:CaFile to the PEM certificate of the CA that signed it";
        }

        if ((status & (X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation)) != 0)
        {
            return $"the revocation of the broker's certificate is unknown (its CA's revocation list or OCSP answer cannot be fetched; Mqtt:RevocationCheck is {_revocation}): "
                + "publish a revocation list at the CA's CRL address, or set Mqtt:RevocationCheck=NoCheck for a home CA";
        }

        if ((status & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return "a CA certificate of the broker's chain has expired: renew the CA and the broker's certificate";
        }

        return "the broker's certificate is not trusted: "
            + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
    }

    private static MqttBrokerCertificateRejectedException Refused(string cause) => new($"TLS: {cause}");
}
