using System.Globalization;

namespace EspWs.Bench.Fleet;

/// <summary>What one fleet run does: how many devices, how many start at once, and where the report goes.</summary>
internal sealed record FleetOptions(int Devices, int StartBatch, int MinThreads, string OutputFile)
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project bench/Fleet -- [--devices N] [--start-batch N] [--min-threads N] [--out FILE]
          --devices N      complete EspWs devices run in this process, each with its MQTT client (default 100)
          --start-batch N  devices started at once (default 50)
          --min-threads N  the thread pool's minimum (default 0: the runtime's own)
          --out FILE       also write the report to FILE
          --help           print this and exit
        It starts its own mosquitto on loopback and measures each device's ON-to-state time; docs/fleet.md reads the report.
        """;

    /// <summary>
    /// Reads <c>--devices N</c>, <c>--start-batch N</c>, <c>--min-threads N</c> (0: the runtime's default) and <c>--out FILE</c>;
    /// null when <c>--help</c> was asked for (<paramref name="error"/> null) or an argument is wrong (<paramref name="error"/> says which).
    /// </summary>
    public static FleetOptions? Parse(string[] args, out string? error)
    {
        error = null;
        var options = new FleetOptions(Devices: 100, StartBatch: 50, MinThreads: 0, OutputFile: "");
        for (int i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "--help" or "-h")
            {
                return null;
            }

            if (i + 1 == args.Length)
            {
                error = $"{args[i]} needs a value";
                return null;
            }

            string value = args[i + 1];
            FleetOptions? next = args[i] switch
            {
                "--devices" => Count(value, 1) is int n ? options with { Devices = n } : null,
                "--start-batch" => Count(value, 1) is int n ? options with { StartBatch = n } : null,
                "--min-threads" => Count(value, 0) is int n ? options with { MinThreads = n } : null,
                "--out" => options with { OutputFile = value },
                _ => null,
            };
            if (next is null)
            {
                error = args[i] is "--devices" or "--start-batch" or "--min-threads"
                    ? $"{args[i]} {value}: a whole number is needed"
                    : $"unknown option {args[i]}";
                return null;
            }

            options = next;
        }

        return options;
    }

    private static int? Count(string value, int least) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= least ? n : null;
}
