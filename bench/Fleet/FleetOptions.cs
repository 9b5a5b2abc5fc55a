using System.Globalization;

namespace EspWs.Bench.Fleet;

/// <summary>What one fleet run does: how many devices, how many start at once, and where the report goes.</summary>
internal sealed record FleetOptions(int Devices, int StartBatch, int MinThreads, string OutputFile)
{
    /// <summary>Reads <c>--devices N</c>, <c>--start-batch N</c>, <c>--min-threads N</c> (0: the runtime's default) and <c>--out FILE</c>.</summary>
    public static FleetOptions Parse(string[] args)
    {
        var options = new FleetOptions(Devices: 100, StartBatch: 50, MinThreads: 0, OutputFile: "");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            options = args[i] switch
            {
                "--devices" => options with { Devices = int.Parse(value, CultureInfo.InvariantCulture) },
                "--start-batch" => options with { StartBatch = int.Parse(value, CultureInfo.InvariantCulture) },
                "--min-threads" => options with { MinThreads = int.Parse(value, CultureInfo.InvariantCulture) },
                "--out" => options with { OutputFile = value },
                _ => throw new ArgumentException($"unknown option {args[i]}; use --devices N --start-batch N --min-threads N --out FILE"),
            };
        }

        return options;
    }
}
