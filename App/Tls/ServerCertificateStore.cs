using EspWs.App.Configuration;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tls;

/// <summary>
/// The certificate new TLS connections are given. A reload swaps it for new connections only; connections already
/// set up keep theirs, and a renewal that fails to load leaves the one in use in place.
/// </summary>
public sealed class ServerCertificateStore
{
    private readonly TlsSettings _settings;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Lock _reloading = new();
    private ServerCertificate _current;

    /// <summary>Creates a store that starts with <paramref name="initial"/>, loaded from <paramref name="settings"/>.</summary>
    public ServerCertificateStore(TlsSettings settings, ServerCertificate initial, ILogger log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(initial);
        _settings = settings;
        _current = initial;
        _log = log;
        _time = time;
    }

    /// <summary>Gets the certificate for the next TLS handshake.</summary>
    public ServerCertificate Current => Volatile.Read(ref _current);

    /// <summary>Raised after a reload gave new connections another certificate, with that certificate (discovery announces its fingerprint).</summary>
    public event Action<ServerCertificate>? Changed;

    /// <summary>Gets the settings whose files this store loads.</summary>
    public TlsSettings Settings => _settings;

    /// <summary>Loads the store's files, or says in one line why not; throws nothing.</summary>
    public static CertificateLoadResult Load(TlsSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ServerCertificateLoader.Load(settings, time.GetUtcNow());
    }

    /// <summary>
    /// Loads the files again and, when they hold a usable certificate, gives it to new connections; returns whether
    /// the certificate in use changed. A failure is logged with its reason and keeps the certificate in use.
    /// </summary>
    public bool Reload(string why)
    {
        ServerCertificate? changed = ReloadFiles(why);
        if (changed is not null)
        {
            Changed?.Invoke(changed);
        }

        return changed is not null;
    }

    private ServerCertificate? ReloadFiles(string why)
    {
        lock (_reloading)
        {
            CertificateLoadResult loaded = Load(_settings, _time);
            if (!loaded.Succeeded)
            {
                _log.LogWarning("TLS certificate not reloaded ({Why}), the one in use ({Fingerprint}) stays: {Error}",
                    why, Current.Fingerprint, loaded.Error);
                return null;
            }

            if (loaded.Warning is not null)
            {
                _log.LogWarning("{Warning}", loaded.Warning);
            }

            if (loaded.Certificate.Fingerprint == Current.Fingerprint)
            {
                _log.LogDebug("TLS certificate reload ({Why}): unchanged, {Fingerprint}.", why, Current.Fingerprint);
                return null;
            }

            ServerCertificate previous = Current;
            Volatile.Write(ref _current, loaded.Certificate);
            _log.LogInformation("TLS certificate reloaded ({Why}): new connections get {Fingerprint}, valid until {NotAfter:yyyy-MM-dd}; was {Previous}.",
                why, loaded.Certificate.Fingerprint, loaded.Certificate.NotAfter, previous.Fingerprint);
            return loaded.Certificate;
        }
    }
}
