namespace EspWs.App.Tests.Abuse;

/// <summary>Process-wide figures the abuse tests bound: open sockets, managed memory and resident memory.</summary>
public static class ProcessFigures
{
    /// <summary>How many of this process's file descriptors are sockets (Linux: /proc/self/fd links to "socket:[inode]").</summary>
    public static int OpenSockets()
    {
        int sockets = 0;
        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    sockets++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we looked; it is not open.
            }
        }

        return sockets;
    }

    /// <summary>Managed heap in use after a full, compacting collection.</summary>
    public static long ManagedBytesAfterFullGc() => GC.GetTotalMemory(forceFullCollection: true);

    /// <summary>The process's resident set (Linux: VmRSS in /proc/self/status), which counts native memory the managed heap does not.</summary>
    public static long ResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                // "VmRSS:    123456 kB"
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmRSS line.");
    }

    public static string MiB(long bytes) => $"{bytes / (1024.0 * 1024.0):F2} MiB";
}
