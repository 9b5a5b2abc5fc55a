using System.Diagnostics;
using System.Globalization;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Workloads;

namespace EspWs.Bench.Load;

/// <summary>Runs the phases against both servers, alternating EspWs and Kestrel, and fills the report.</summary>
internal sealed partial class BenchmarkRun(LoadOptions options, Report report)
{
    // Room above the 5 000 connections of the burst for probes and stragglers still closing; the setting.
    private const int EspWsMaxClients = 6_000;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly System.Text.StringBuilder _notes = new();

    private ServerSpec EspWs => ServerSpec.EspWs(options.EspWsDll, EspWsMaxClients);

    private ServerSpec Kestrel => ServerSpec.Kestrel(options.ReferenceDll);

    /// <summary>Runs the phases <see cref="LoadOptions.Phases"/> names, in a fixed order.</summary>
    public void Run()
    {
        if (options.Phases.Overlaps(["echo", "fanout"]))
        {
            using ServerProcess espWs = ServerProcess.StartReady(EspWs, ReadyTimeout);
            using ServerProcess kestrel = ServerProcess.StartReady(Kestrel, ReadyTimeout);
            ServerProcess[] servers = [espWs, kestrel];
            Phase("echo", () => Echo(servers, "echo"));
            Phase("fanout", () => Fanout(servers, "fan-out"));
        }

        Phase("footprint", Footprint);
        Phase("attack", Attack);
        Phase("calibration", Calibration);
        Phase("tls", Tls);
        Phase("startup", Startup);
    }

    private void Phase(string name, Action run)
    {
        if (!options.Phases.Contains(name))
        {
            return;
        }

        Console.WriteLine($"== {name} ({DateTime.UtcNow:HH:mm:ss} UTC)");
        try
        {
            run();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            Console.WriteLine($"  {name} failed: {ex.Message}");
            report.AddSection($"**The {name} phase failed:** {ex.Message}");
        }
    }

    // Opens `count` connections on a new engine, `parallel` handshakes at a time, each echoing once; all must open.
    private static LoadEngine OpenPool(ServerProcess server, int count, int parallel)
    {
        var engine = new LoadEngine(server.EndPoint, count);
        var open = new ConnectWorkload(0, count, parallel, perSecond: 0, echoOnce: true);
        try
        {
            engine.Run(open, TimeSpan.FromSeconds(60));
            if (open.Failed > 0)
            {
                throw new InvalidOperationException($"{server.Spec.Name}: {open.Failed} of {count} connections failed ({open.FirstFailure}).");
            }

            return engine;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    private static long At(TimeSpan fromNow) => Stopwatch.GetTimestamp() + (long)(fromNow.TotalSeconds * Stopwatch.Frequency);

    private static string SizeText(int size) => size >= 1024 ? $"{size / 1024} KiB" : $"{size} B";

    private static string Micros(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
