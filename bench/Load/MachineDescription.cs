using System.Globalization;
using System.Runtime.InteropServices;

namespace EspWs.Bench.Load;

/// <summary>Describes the machine and the run, so a table is never read without knowing where it came from.</summary>
internal static class MachineDescription
{
    /// <summary>A Markdown paragraph: date, cores, CPU model, memory, OS and runtime, and the run's sizes.</summary>
    public static string Header(LoadOptions options)
    {
        string model = ReadField("/proc/cpuinfo", "model name") ?? "unknown CPU";
        string memory = ReadField("/proc/meminfo", "MemTotal") ?? "unknown";
        return string.Create(CultureInfo.InvariantCulture,
            $"### Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n" +
            $"Machine: {MachineCores()} cores ({model}), {memory} memory, {RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}; load average at start {LoadAverage()}.\n\n{options.Describe()}.");
    }

    // The machine's, not this process's (which taskset may have narrowed).
    private static int MachineCores() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal))
        : Environment.ProcessorCount;

    private static string? ReadField(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        string? line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    /// <summary>The load averages over 1, 5 and 15 minutes.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
