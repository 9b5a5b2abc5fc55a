using System.Globalization;

namespace EspWs.Bench.Load;

/// <summary>What to run and how long: the full run, or <c>--quick</c>, a short smoke run of every phase.</summary>
internal sealed class LoadOptions
{
    /// <summary>True for the short smoke run.</summary>
    public bool Quick { get; private init; }

    /// <summary>EspWs's built dll (framework-dependent).</summary>
    public string EspWsDll { get; private init; } = "";

    /// <summary>The Kestrel reference's built dll.</summary>
    public string ReferenceDll { get; private init; } = "";

    /// <summary>EspWs published self-contained and trimmed: the executable, or empty to skip.</summary>
    public string TrimmedExecutable { get; private init; } = "";

    /// <summary>EspWs published self-contained, trimmed and ReadyToRun-compiled: the executable, or empty to skip.</summary>
    public string TrimmedReadyToRunExecutable { get; private init; } = "";

    /// <summary>EspWs published with Native AOT: the executable, or empty to skip.</summary>
    public string AotExecutable { get; private init; } = "";

    /// <summary>Extra time the idle-memory phase keeps its connections open, to attach a profiler such as dotnet-gcdump.</summary>
    public TimeSpan Linger { get; private init; }

    /// <summary>CPUs the servers are pinned to (a taskset list such as <c>0,1</c>), or empty to share every CPU with the load tool.</summary>
    public string ServerCpus { get; private init; } = "";

    /// <summary>Where to write the Markdown report, or empty for the console only.</summary>
    public string OutputFile { get; private init; } = "";

    /// <summary>The phases to run: echo, fanout, hold, memory, startup, calibration.</summary>
    public IReadOnlySet<string> Phases { get; private init; } = new HashSet<string>();

    /// <summary>Connection counts of the echo phase.</summary>
    public int[] EchoConnections { get; } = [1, 64, 256];

    /// <summary>Message sizes of the echo phase, in bytes.</summary>
    public int[] EchoSizes { get; } = [16, 1024, 64 * 1024];

    /// <summary>Unmeasured time at the start of each echo run.</summary>
    public TimeSpan EchoWarmUp => Quick ? TimeSpan.FromSeconds(0.2) : TimeSpan.FromSeconds(0.5);

    /// <summary>Measured time of each echo run.</summary>
    public TimeSpan EchoDuration => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(2);

    /// <summary>How many times each server runs each phase, alternating A B A B.</summary>
    public int Rounds => Quick ? 1 : 2;

    /// <summary>Idle connections for the memory figure.</summary>
    public int IdleConnections => Quick ? 500 : 5_000;

    /// <summary>Connections attempted for the connections-held figure.</summary>
    public int HoldConnections => Quick ? 1_000 : 10_000;

    /// <summary>Clients that receive each broadcast.</summary>
    public int FanoutClients => Quick ? 100 : 1_000;

    /// <summary>Measured broadcasts per round.</summary>
    public int FanoutCommands => Quick ? 10 : 25;

    /// <summary>Starts of each build for the startup figures.</summary>
    public int StartupRepetitions => Quick ? 1 : 3;

    /// <summary>Idle time before memory is read.</summary>
    public TimeSpan Settle => Quick ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(1);

    /// <summary>Reads the command line; paths default to the repository's Release build outputs.</summary>
    public static LoadOptions Parse(string[] args)
    {
        string root = FindRepositoryRoot();
        string Value(string name, string fallback)
        {
            int index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        string[] allPhases = ["echo", "fanout", "hold", "memory", "startup", "calibration"];
        string phases = Value("--phases", string.Join(',', allPhases));
        return new LoadOptions
        {
            Quick = args.Contains("--quick"),
            EspWsDll = Value("--espws", Path.Combine(root, "App", "bin", "Release", "net10.0", "EspWs.App.dll")),
            ReferenceDll = Value("--reference", Path.Combine(root, "bench", "Reference", "bin", "Release", "net10.0", "EspWs.Bench.Reference.dll")),
            TrimmedExecutable = Value("--trimmed", Path.Combine(root, "bench", "out", "trimmed", "EspWs.App")),
            TrimmedReadyToRunExecutable = Value("--trimmed-r2r", Path.Combine(root, "bench", "out", "trimmed-r2r", "EspWs.App")),
            AotExecutable = Value("--aot", Path.Combine(root, "bench", "out", "aot", "EspWs.App")),
            OutputFile = Value("--out", ""),
            ServerCpus = Value("--server-cpus", ""),
            Linger = TimeSpan.FromSeconds(double.Parse(Value("--linger", "0"), CultureInfo.InvariantCulture)),
            Phases = phases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(allPhases.Contains).ToHashSet(),
        };
    }

    /// <summary>Describes the run's sizes in one line, for the report.</summary>
    public string Describe()
    {
        string cpus = ServerCpus.Length > 0 ? $"servers pinned to CPUs {ServerCpus}" : "servers and load tool share every CPU";
        return string.Create(CultureInfo.InvariantCulture,
            $"{(Quick ? "quick" : "full")} run: echo {EchoDuration.TotalSeconds} s per run after {EchoWarmUp.TotalSeconds} s warm-up, " +
            $"{Rounds} round(s) per server alternating EspWs/Kestrel; {IdleConnections} idle, {HoldConnections} held, " +
            $"{FanoutClients} fan-out clients × {FanoutCommands * Rounds} commands; {StartupRepetitions} start(s) per build; {cpus}");
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
