using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server;

/// <summary>Returns the free memory of the C library's heap to the system: glibc's <c>malloc_trim(0)</c>.</summary>
/// <remarks>
/// OpenSSL allocates each TLS connection's state with malloc. Once a crowd has left, glibc keeps what they freed in its
/// heap and its per-thread arenas for the next malloc: after 2 000 TLS clients, about 50 MiB of resident memory that no
/// collection of ours reaches (docs/performance.md, "Memory given back"). <c>malloc_trim(0)</c> hands the free pages of
/// every arena back to the kernel. musl and the other C libraries have no such call: the first try finds that out, logs
/// it once, and later calls do nothing.
/// </remarks>
internal static partial class NativeHeap
{
    private static volatile bool _missing = !OperatingSystem.IsLinux();

    /// <summary>Gives the C heap's free pages back to the system; false when this C library cannot (logged once, at the first try).</summary>
    public static bool TryTrim(ILogger log)
    {
        if (_missing)
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _missing = true;
            log.LogInformation("This C library has no malloc_trim (not glibc): memory freed by native code, OpenSSL's for TLS clients, stays with the process ({Reason}).",
                e.GetType().Name);
            return false;
        }
    }

    // Blittable (an int and a size_t), so the generated stub is a plain DllImport, bound on first use in the Native AOT
    // build too: a C library without the symbol throws here, not at start.
    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
