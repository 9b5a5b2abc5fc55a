using System.Globalization;
using System.Text;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Workloads;

namespace EspWs.Bench.Load;

/// <summary>Memory at rest, under many idle connections and after they have left, and the handshake time during a connect burst.</summary>
internal sealed partial class BenchmarkRun
{
    private const int SmallMaxClients = 64;
    private const int LargeMaxClients = 100_000;

    private void Footprint()
    {
        var idleSmall = new List<double>();
        var idleLarge = new List<double>();
        var burst = new[] { new BurstResult(), new BurstResult() };
        ServerSpec[] specs = [EspWs, Kestrel];
        for (int round = 0; round < options.Rounds; round++)
        {
            idleSmall.Add(IdleRss(ServerSpec.EspWs(options.EspWsDll, SmallMaxClients)));
            idleLarge.Add(IdleRss(ServerSpec.EspWs(options.EspWsDll, LargeMaxClients)));
            for (int s = 0; s < specs.Length; s++)
            {
                RunBurst(specs[s], burst[s]);
            }
        }

        double kestrelIdle = Stats.Median(burst[1].IdleMiB);
        double small = Stats.Median(idleSmall);
        double large = Stats.Median(idleLarge);
        report.Add(Figure.Compared($"RSS of the idle process, no client, MaxClients={SmallMaxClients}", "MiB", small, kestrelIdle, Better.Lower, 1.0));
        report.Add(Figure.Compared($"RSS of the idle process, no client, MaxClients={LargeMaxClients:N0}", "MiB", large, kestrelIdle, Better.Lower, 1.0));
        report.Add(Figure.Alone($"the same: MaxClients={LargeMaxClients:N0} / MaxClients={SmallMaxClients} (EspWs)", "MiB", large, large / small,
            "≤ 1.1×", double.IsNaN(large / small) ? null : large / small <= 1.1));
        int count = options.IdleConnections;
        report.Add(Figure.Compared($"RSS holding {count:N0} idle connections", "MiB", Stats.Median(burst[0].HoldingMiB),
            Stats.Median(burst[1].HoldingMiB), Better.Lower, 0.4));
        double espWsLeft = Stats.Median(burst[0].LeftMiB);
        report.Add(Figure.Compared($"RSS after {count:N0} clients connected and left", "MiB", espWsLeft, Stats.Median(burst[1].LeftMiB), Better.Lower, null));
        double givenBack = espWsLeft / Stats.Median(burst[0].IdleMiB);
        report.Add(Figure.Alone("the same / its own idle RSS before they came (EspWs)", "MiB", espWsLeft, givenBack, "≤ 1.2×",
            double.IsNaN(givenBack) ? null : givenBack <= 1.2));
        report.Add(Figure.Compared($"handshake p50 while {options.BurstRate:N0} clients/s connect", "µs", burst[0].Handshakes.PercentileMicros(0.5),
            burst[1].Handshakes.PercentileMicros(0.5), Better.Lower, null));
        report.Add(Figure.Compared($"handshake p99 while {options.BurstRate:N0} clients/s connect", "µs", burst[0].Handshakes.PercentileMicros(0.99),
            burst[1].Handshakes.PercentileMicros(0.99), Better.Lower, 1.0));
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"### Memory in detail\n\nRSS in MiB (VmRSS), the median of {options.Rounds} fresh process(es) each. Idle: {options.Settle.TotalSeconds:0.#} s after " +
            $"one handshake, no client. Holding: {count:N0} clients connected at {options.BurstRate:N0}/s, each echoing 16 B once, then " +
            $"{(options.Settle * 2).TotalSeconds:0.#} s idle. Left: the clients then close their sockets, and the server idles " +
            $"{options.LeftSettle.TotalSeconds:0.#} s. EspWs runs with MaxClients={EspWsMaxClients} here.\n\n" +
            $"| server | idle | holding | growth per connection | left | left / idle | connections failed / lost |\n|---|---:|---:|---:|---:|---:|---|\n"));
        for (int s = 0; s < specs.Length; s++)
        {
            BurstResult r = burst[s];
            double perConnection = (Stats.Median(r.HoldingMiB) - Stats.Median(r.IdleMiB)) * 1024 / count;
            double left = Stats.Median(r.LeftMiB);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {specs[s].Name} | {Stats.Median(r.IdleMiB):0.0} | {Stats.Median(r.HoldingMiB):0.0} | {perConnection:0.0} KiB | {left:0.0} | {left / Stats.Median(r.IdleMiB):0.00}× | {r.Failed} / {r.Lost}{(r.FirstFailure is null ? "" : $" ({r.FirstFailure})")} |");
        }

        if (_notes.Length > 0)
        {
            text.AppendLine().Append(_notes);
        }

        report.AddSection(text.ToString());
    }

    // NaN when the server does not start in time: a server that reserves memory for every slot may not, at 100 000.
    private double IdleRss(ServerSpec spec)
    {
        using ServerProcess server = ServerProcess.Start(spec);
        TimeSpan timeout = options.Quick ? TimeSpan.FromSeconds(20) : ReadyTimeout;
        try
        {
            server.WaitUntilReady(timeout);
        }
        catch (TimeoutException ex)
        {
            Console.WriteLine($"  {spec.Name}: {ex.Message}");
            _notes.AppendLine($"- {spec.Name} ({string.Join(' ', spec.Arguments(0).Where(a => a.Contains("MaxClients", StringComparison.Ordinal)))}) did not answer a handshake within {timeout.TotalSeconds:0} s; its RSS then was {server.RssKiB / 1024.0:0} MiB.");
            return double.NaN;
        }

        Thread.Sleep(options.Settle);
        double mib = server.RssKiB / 1024.0;
        Console.WriteLine($"  {spec.Name} idle: {mib:0.0} MiB ({string.Join(' ', spec.Arguments(0).Where(a => a.Contains("MaxClients", StringComparison.Ordinal)))})");
        return mib;
    }

    private void RunBurst(ServerSpec spec, BurstResult result)
    {
        using ServerProcess server = ServerProcess.StartReady(spec, ReadyTimeout);
        Thread.Sleep(options.Settle);
        result.IdleMiB.Add(server.RssKiB / 1024.0);
        int count = options.IdleConnections;
        using var engine = new LoadEngine(server.EndPoint, count);
        var connect = new ConnectWorkload(0, count, maxPending: count, options.BurstRate, echoOnce: true);
        engine.Run(connect, TimeSpan.FromSeconds(count / options.BurstRate + 60));
        var hold = new HoldWorkload(At(options.Settle * 2));
        engine.Run(hold, options.Settle * 2 + TimeSpan.FromSeconds(5));
        result.HoldingMiB.Add(server.RssKiB / 1024.0);
        if (options.Linger > TimeSpan.Zero)
        {
            Console.WriteLine($"  {spec.Name} (pid {server.Pid}) holds {engine.OpenCount} idle connections for {options.Linger.TotalSeconds} s more.");
            engine.Run(new HoldWorkload(At(options.Linger)), options.Linger + TimeSpan.FromSeconds(5));
        }

        // The storm is over: every client leaves at once, and the server has a quiet while to give back what it took.
        engine.CloseAll();
        Thread.Sleep(options.LeftSettle);
        result.LeftMiB.Add(server.RssKiB / 1024.0);
        result.Handshakes.Add(connect.Handshakes);
        result.Failed += connect.Failed;
        result.Lost += hold.Lost;
        result.FirstFailure ??= connect.FirstFailure;
        Console.WriteLine($"  {spec.Name}: idle {result.IdleMiB[^1]:0.0} MiB, holding {count} {result.HoldingMiB[^1]:0.0} MiB, after they left {result.LeftMiB[^1]:0.0} MiB, handshake p99 " +
            $"{connect.Handshakes.PercentileMicros(0.99):N0} µs, failed {connect.Failed}, lost {hold.Lost}");
    }

    /// <summary>What the burst rounds of one server measured.</summary>
    private sealed class BurstResult
    {
        public List<double> IdleMiB { get; } = [];

        public List<double> HoldingMiB { get; } = [];

        public List<double> LeftMiB { get; } = [];

        public LatencyHistogram Handshakes { get; } = new();

        public int Failed { get; set; }

        public int Lost { get; set; }

        public string? FirstFailure { get; set; }
    }
}
