using System.Globalization;

namespace EspWs.Bench.Load;

/// <summary>What to run and how long: the full run, or <c>--quick</c>, a short smoke run of every phase.</summary>
internal sealed class LoadOptions
{
    /// <summary>Every phase, in the order they run.</summary>
    public static readonly string[] AllPhases = ["echo", "fanout", "footprint", "attack", "calibration", "tls", "startup"];

    /// <summary>True for the short smoke run.</summary>
    public bool Quick { get; private init; }

    /// <summary>EspWs's built dll (framework-dependent), or a published executable of it (<c>--espws PATH</c>).</summary>
    public string EspWsDll { get; private init; } = "";

    /// <summary>The Kestrel reference's built dll.</summary>
    public string ReferenceDll { get; private init; } = "";

    /// <summary>EspWs published self-contained and trimmed: the executable, or empty to skip.</summary>
    public string TrimmedExecutable { get; private init; } = "";

    /// <summary>EspWs published self-contained, trimmed and ReadyToRun-compiled: the executable, or empty to skip.</summary>
    public string TrimmedReadyToRunExecutable { get; private init; } = "";

    /// <summary>EspWs published with Native AOT: the executable, or empty to skip.</summary>
    public string AotExecutable { get; private init; } = "";

    /// <summary>CPUs the servers are pinned to (a taskset list such as <c>1</c>), or empty to share every CPU with the load tool.</summary>
    public string ServerCpus { get; private init; } = "";

    /// <summary>Extra time the footprint and TLS phases keep their idle connections open, to attach a profiler such as dotnet-gcdump.</summary>
    public TimeSpan Linger { get; private init; }

    /// <summary>True when EspWs serves TLS too (its TLS has landed), so the TLS rows compare both servers.</summary>
    public bool EspWsTls { get; private init; }

    /// <summary>Where to write the Markdown report, or empty for the console only.</summary>
    public string OutputFile { get; private init; } = "";

    /// <summary>The phases to run.</summary>
    public IReadOnlySet<string> Phases { get; private init; } = new HashSet<string>();

    /// <summary>How many times each server runs each figure, alternating A B A B.</summary>
    public int Rounds => Quick ? 1 : 3;

    /// <summary>The echo cells: connections, messages in flight on each, message size.</summary>
    public (int Connections, int InFlight, int Size)[] EchoCells { get; } = [(100, 8, 32), (1, 1, 32), (16, 2, 16 * 1024)];

    /// <summary>Unmeasured time at the start of each echo run.</summary>
    public TimeSpan EchoWarmUp => TimeSpan.FromSeconds(Quick ? 0.2 : 0.5);

    /// <summary>Measured time of each echo run.</summary>
    public TimeSpan EchoDuration => TimeSpan.FromSeconds(Quick ? 0.5 : 2);

    /// <summary>Clients that receive each broadcast, one cell each.</summary>
    public int[] FanoutClients { get; } = [100, 1_000];

    /// <summary>Unmeasured broadcasts per round.</summary>
    public int FanoutWarmUp => Quick ? 5 : 10;

    /// <summary>Measured broadcasts per round.</summary>
    public int FanoutCommands => Quick ? 10 : 40;

    /// <summary>Idle connections held, opened in a burst.</summary>
    public int IdleConnections => Quick ? 1_000 : 5_000;

    /// <summary>Connections a second during the burst.</summary>
    public double BurstRate { get; } = 2_000;

    /// <summary>How long the memory attack streams at most.</summary>
    public TimeSpan AttackLimit => TimeSpan.FromSeconds(Quick ? 4 : 10);

    /// <summary>Starts of each build for the startup figures.</summary>
    public int StartupRepetitions => Quick ? 1 : 3;

    /// <summary>Idle time before memory is read.</summary>
    public TimeSpan Settle => TimeSpan.FromSeconds(Quick ? 0.5 : 1.5);

    /// <summary>Idle time after the burst's clients have all left before memory is read again: long enough for a server that
    /// gives memory back once it has gone quiet (EspWs waits for 5 s of quiet), short enough that a device owner would call
    /// it "soon after"; the quick run keeps most of it, or its figure would say nothing.</summary>
    public TimeSpan LeftSettle => TimeSpan.FromSeconds(Quick ? 8 : 10);

    /// <summary>Reads the command line; paths default to the repository's Release build outputs.</summary>
    public static LoadOptions Parse(string[] args)
    {
        string root = FindRepositoryRoot();
        string Value(string name, string fallback)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        string phases = Value("--phases", string.Join(',', AllPhases));
        return new LoadOptions
        {
            Quick = args.Contains("--quick"),
            EspWsTls = args.Contains("--espws-tls"),
            EspWsDll = Value("--espws", Path.Combine(root, "App", "bin", "Release", "net10.0", "EspWs.App.dll")),
            ReferenceDll = Value("--reference", Path.Combine(root, "bench", "Reference", "bin", "Release", "net10.0", "EspWs.Bench.Reference.dll")),
            TrimmedExecutable = Value("--trimmed", Path.Combine(root, "bench", "out", "trimmed", "EspWs.App")),
            TrimmedReadyToRunExecutable = Value("--trimmed-r2r", Path.Combine(root, "bench", "out", "trimmed-r2r", "EspWs.App")),
            AotExecutable = Value("--aot", Path.Combine(root, "bench", "out", "aot", "EspWs.App")),
            OutputFile = Value("--out", ""),
            ServerCpus = Value("--server-cpus", ""),
            Linger = TimeSpan.FromSeconds(double.Parse(Value("--linger", "0"), CultureInfo.InvariantCulture)),
            Phases = phases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(AllPhases.Contains).ToHashSet(),
        };
    }

    /// <summary>Describes the run's sizes in one line, for the report.</summary>
    public string Describe()
    {
        string cpus = ServerCpus.Length > 0
            ? $"servers pinned to CPU {ServerCpus}, load tool on CPU {string.Join(',', LoadToolCpus())}"
            : "servers and load tool share every CPU";
        return string.Create(CultureInfo.InvariantCulture,
            $"{(Quick ? "quick" : "full")} run, {Rounds} round(s) per figure alternating EspWs/Kestrel; echo {EchoDuration.TotalSeconds} s " +
            $"per run after {EchoWarmUp.TotalSeconds} s warm-up; fan-out {FanoutCommands} measured commands per round; " +
            $"{IdleConnections} connections at {BurstRate} /s; {cpus}");
    }

    // The CPUs this process may run on, as the kernel says.
    private static IEnumerable<string> LoadToolCpus()
    {
        string? line = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
            : null;
        return [line?["Cpus_allowed_list:".Length..].Trim() ?? "?"];
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EspWs.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
