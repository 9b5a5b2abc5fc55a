using System.Runtime.InteropServices;

namespace EspWs.App.PowerOn;

/// <summary>Flushes a directory's entries to storage, so that a rename inside it survives a power cut.</summary>
/// <remarks>
/// .NET cannot open a directory as a file, and fsync(2) of the directory is what makes a rename durable on Linux
/// (ext4, f2fs, btrfs); a few libc calls of our own do it. Elsewhere it is a no-op.
/// </remarks>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Calls fsync(2) on <paramref name="directory"/>; throws <see cref="IOException"/> naming the errno when it fails.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        int fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
