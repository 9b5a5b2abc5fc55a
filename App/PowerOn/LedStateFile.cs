using EspWs.App.Control;
using Microsoft.Extensions.Logging;

namespace EspWs.App.PowerOn;

/// <summary>The file that keeps the LED's last commanded state across restarts, read at start and replaced atomically.</summary>
public sealed class LedStateFile
{
    /// <summary>The state file's name inside the state directory.</summary>
    public const string FileName = "led-state";

    private readonly string _temporaryPath;

    /// <summary>Keeps the state in <see cref="FileName"/> under <paramref name="directory"/>.</summary>
    public LedStateFile(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
        FilePath = Path.Combine(directory, FileName);
        _temporaryPath = FilePath + ".tmp";
    }

    /// <summary>The directory that holds the file.</summary>
    public string Directory { get; }

    /// <summary>The file's full path, as warnings name it.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Returns the kept state, or null when there is none: no file yet (said at Information), or a file that is
    /// truncated, corrupt, foreign or unreadable (a warning naming the file and what is wrong).
    /// </summary>
    public LedState? Read(ILogger log)
    {
        ArgumentNullException.ThrowIfNull(log);
        byte[] content;
        try
        {
            if (!File.Exists(FilePath))
            {
                log.LogInformation("No LED state kept yet in {File}; the LED starts as if it was off.", FilePath);
                return null;
            }

            using FileStream stream = File.OpenRead(FilePath);
            content = new byte[LedStateFormat.MaxBytes + 1];
            content = content.AsSpan(0, stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false)).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("The LED state file {File} cannot be read ({Reason}); the LED starts as if it was off.", FilePath, ex.Message);
            return null;
        }

        if (!LedStateFormat.TryRead(content, out LedState state, out string problem))
        {
            log.LogWarning("The LED state file {File} is not usable: {Problem}; the LED starts as if it was off.", FilePath, problem);
            return null;
        }

        return state;
    }

    /// <summary>
    /// Replaces the file with <paramref name="state"/> so that a power cut leaves either the old file or the new one:
    /// a temporary file written and flushed, renamed over the old one, then the directory flushed.
    /// </summary>
    /// <exception cref="IOException">The directory cannot be created or written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable by the app.</exception>
    public void Save(LedState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using (var stream = new FileStream(_temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            stream.Write(LedStateFormat.Write(state));
            stream.Flush(flushToDisk: true);
        }

        File.Move(_temporaryPath, FilePath, overwrite: true);
        DirectorySync.Flush(Directory);
    }
}
