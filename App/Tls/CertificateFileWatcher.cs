using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tls;

/// <summary>
/// Reloads a <see cref="ServerCertificateStore"/> when its files change (after they have been quiet for a moment)
/// and, when asked, on <c>SIGHUP</c>, the signal a renewal hook or <c>systemctl reload</c> sends.
/// </summary>
public sealed class CertificateFileWatcher : IDisposable
{
    /// <summary>How long the files must stay unchanged before they are read: renewal tools write the key and the certificate one after the other.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly ServerCertificateStore _store;
    private readonly ILogger _log;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _quiet;
    private readonly PosixSignalRegistration? _hangup;
    private readonly HashSet<string> _names;

    /// <summary>Starts watching the folders of the store's files; <paramref name="reloadOnHangup"/> also reloads on <c>SIGHUP</c>.</summary>
    public CertificateFileWatcher(ServerCertificateStore store, bool reloadOnHangup, ILogger log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _log = log;
        _quiet = time.CreateTimer(_ => _store.Reload("the certificate files changed"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        string[] files = [.. new[] { store.Settings.CertificatePath, store.Settings.KeyPath }.Where(p => p.Length > 0).Select(Path.GetFullPath)];
        _names = new HashSet<string>(files.Select(Path.GetFileName).OfType<string>(), StringComparer.Ordinal);
        foreach (string folder in files.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            Watch(folder);
        }

        if (reloadOnHangup && !OperatingSystem.IsWindows())
        {
            _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangup);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _hangup?.Dispose();
        foreach (FileSystemWatcher watcher in _watchers)
        {
            watcher.Dispose();
        }

        _quiet.Dispose();
    }

    private void Watch(string folder)
    {
        try
        {
            // The folder, not the files: renewals replace a file (or the symlink to it, as certbot's live/ does)
            // rather than write into it, and a watcher on the old file would see nothing.
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Renamed += OnChanged;
            watcher.Error += (_, e) => _log.LogWarning("Watching {Folder} for certificate renewals failed ({Error}); SIGHUP still reloads.", folder, e.GetException().Message);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or PlatformNotSupportedException)
        {
            _log.LogWarning("Cannot watch {Folder} for certificate renewals ({Error}); SIGHUP still reloads.", folder, ex.Message);
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        bool ours = _names.Contains(e.Name ?? "") || (e is RenamedEventArgs renamed && _names.Contains(renamed.OldName ?? ""));
        if (ours)
        {
            // Every event restarts the quiet period, so a key and its certificate written in turn load once, together.
            _quiet.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnHangup(PosixSignalContext context)
    {
        // SIGHUP would end the process by default; here it only means "reload the certificate".
        context.Cancel = true;
        _ = Task.Run(() => _store.Reload("SIGHUP"));
    }
}
