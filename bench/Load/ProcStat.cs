using System.Globalization;

namespace EspWs.Bench.Load;

/// <summary>Reads a process's resident memory and CPU time from Linux's /proc.</summary>
internal static class ProcStat
{
    // USER_HZ, the unit of utime and stime in /proc/PID/stat; 100 on every mainstream Linux build.
    private const double TicksPerSecond = 100.0;

    /// <summary>The process's resident set size (VmRSS) in KiB.</summary>
    public static long RssKiB(int pid)
    {
        foreach (string line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                string number = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>The CPU time the process has used so far, user plus system, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // Fields 14 and 15 of the file (utime, stime) are 12 and 13 after the command name.
        long user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        long system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }

    /// <summary>The load tool's own CPU time, in seconds.</summary>
    public static double OwnCpuSeconds() => CpuSeconds(Environment.ProcessId);
}
