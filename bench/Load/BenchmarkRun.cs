namespace EspWs.Bench.Load;

/// <summary>Runs the phases against both servers, alternating EspWs and Kestrel, and fills the report.</summary>
internal sealed partial class BenchmarkRun(LoadOptions options, Report report)
{
    // Room above the 10 000 held connections for the echo pools and stragglers still closing.
    private const int EspWsMaxClients = 12_000;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private ServerSpec EspWs => ServerSpec.EspWs(options.EspWsDll, EspWsMaxClients);

    private ServerSpec Kestrel => ServerSpec.Kestrel(options.ReferenceDll);

    /// <summary>Runs the phases <see cref="LoadOptions.Phases"/> names, in a fixed order.</summary>
    public async Task RunAsync()
    {
        if (options.Phases.Overlaps(["echo", "fanout", "hold"]))
        {
            using ServerProcess espWs = ServerProcess.Start(EspWs);
            using ServerProcess kestrel = ServerProcess.Start(Kestrel);
            await espWs.WaitUntilReadyAsync(ReadyTimeout);
            await kestrel.WaitUntilReadyAsync(ReadyTimeout);
            ServerProcess[] servers = [espWs, kestrel];
            await Phase("echo", () => EchoAsync(servers));
            await Phase("fanout", () => FanoutAsync(servers));
            await Phase("hold", () => HoldAsync(servers));
        }

        await Phase("memory", MemoryAsync);
        await Phase("calibration", CalibrationAsync);
        await Phase("startup", StartupAsync);
    }

    private async Task Phase(string name, Func<Task> run)
    {
        if (!options.Phases.Contains(name))
        {
            return;
        }

        Console.WriteLine($"== {name}");
        try
        {
            await run();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            Console.WriteLine($"  {name} failed: {ex.Message}");
            report.AddSection($"**The {name} phase failed:** {ex.Message}");
        }
    }

    private static string SizeText(int size) => size >= 1024 ? $"{size / 1024} KiB" : $"{size} B";
}
