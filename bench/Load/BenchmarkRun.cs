using System.Globalization;
using System.Text;

namespace EspWs.Bench.Load;

/// <summary>Runs the phases against both servers, alternating EspWs and Kestrel, and fills the report.</summary>
internal sealed class BenchmarkRun(LoadOptions options, Report report)
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

    private async Task EchoAsync(ServerProcess[] servers)
    {
        int poolSize = options.EchoConnections.Max();
        var pools = new List<WsClient>[servers.Length];
        for (int s = 0; s < servers.Length; s++)
        {
            (pools[s], List<string> errors) = await Connections.OpenAsync(servers[s].EndPoint, poolSize, 32, echoOnce: true, ReadyTimeout);
            if (pools[s].Count < poolSize)
            {
                throw new InvalidOperationException($"{servers[s].Spec.Name}: only {pools[s].Count} of {poolSize} connections opened ({errors.FirstOrDefault()}).");
            }
        }

        var cpu = new StringBuilder("### CPU during the echo runs\n\nCPU time per echoed message, in µs, from /proc/PID/stat " +
            "(10 ms ticks, summed over the measured runs): the server's, and the load tool's while it drove that server. " +
            "Less sensitive to other work on the machine than the rates.\n\n" +
            "| run | EspWs | load tool (vs EspWs) | Kestrel | load tool (vs Kestrel) |\n|---|---:|---:|---:|---:|\n");
        try
        {
            foreach (int size in options.EchoSizes)
            {
                foreach (int connections in options.EchoConnections)
                {
                    var results = servers.Select(_ => new List<EchoResult>()).ToArray();
                    for (int round = 0; round < options.Rounds; round++)
                    {
                        for (int s = 0; s < servers.Length; s++)
                        {
                            EchoResult result = await EchoPhase.RunAsync(servers[s], pools[s], connections, size, options.EchoWarmUp, options.EchoDuration);
                            if (result.Error is not null)
                            {
                                throw new IOException($"{servers[s].Spec.Name}, {connections} × {SizeText(size)}: {result.Error}");
                            }

                            results[s].Add(result);
                        }
                    }

                    AddEchoFigures(connections, size, results[0], results[1]);
                    cpu.AppendLine(CultureInfo.InvariantCulture,
                        $"| {connections} × {SizeText(size)} | {CpuPerMessage(results[0], r => r.ServerCpuSeconds):0.0} | " +
                        $"{CpuPerMessage(results[0], r => r.ClientCpuSeconds):0.0} | {CpuPerMessage(results[1], r => r.ServerCpuSeconds):0.0} | " +
                        $"{CpuPerMessage(results[1], r => r.ClientCpuSeconds):0.0} |");
                }
            }
        }
        finally
        {
            foreach (List<WsClient> pool in pools)
            {
                Connections.CloseAll(pool ?? []);
            }
        }

        report.AddSection(cpu.ToString());
    }

    private double CpuPerMessage(List<EchoResult> runs, Func<EchoResult, double> cpuSeconds) =>
        runs.Sum(cpuSeconds) * 1e6 / runs.Sum(r => r.MessagesPerSecond * options.EchoDuration.TotalSeconds);

    private void AddEchoFigures(int connections, int size, List<EchoResult> espWs, List<EchoResult> kestrel)
    {
        string cell = $"echo, {connections} conn × {SizeText(size)}";
        double Rate(List<EchoResult> runs) => runs.Average(r => r.MessagesPerSecond);
        LatencyHistogram Merged(List<EchoResult> runs)
        {
            var all = new LatencyHistogram();
            runs.ForEach(r => all.Add(r.Latency));
            return all;
        }

        LatencyHistogram e = Merged(espWs);
        LatencyHistogram k = Merged(kestrel);
        double rateTarget = connections == 64 && size == 16 ? 1.5 : 1.0;
        report.Add(Figure.Compared($"{cell}: messages/s", "msg/s", Rate(espWs), Rate(kestrel), Better.Higher, rateTarget));
        report.Add(Figure.Compared($"{cell}: p50 latency", "µs", e.PercentileMicros(0.5), k.PercentileMicros(0.5), Better.Lower, null));
        report.Add(Figure.Compared($"{cell}: p99 latency", "µs", e.PercentileMicros(0.99), k.PercentileMicros(0.99), Better.Lower, 1.0));
    }

    private async Task FanoutAsync(ServerProcess[] servers)
    {
        var samples = servers.Select(_ => new List<double>()).ToArray();
        var serverCpu = new double[servers.Length];
        var clientCpu = new double[servers.Length];
        for (int round = 0; round < options.Rounds; round++)
        {
            for (int s = 0; s < servers.Length; s++)
            {
                (List<WsClient> clients, List<string> errors) = await Connections.OpenAsync(servers[s].EndPoint, options.FanoutClients, 64,
                    echoOnce: false, ReadyTimeout);
                if (clients.Count < options.FanoutClients)
                {
                    Connections.CloseAll(clients);
                    throw new InvalidOperationException($"{servers[s].Spec.Name}: only {clients.Count} of {options.FanoutClients} clients connected ({errors.FirstOrDefault()}).");
                }

                FanoutResult result = await FanoutPhase.RunAsync(servers[s], clients, warmUp: 20, options.FanoutCommands);
                if (result.Error is not null)
                {
                    throw new InvalidOperationException(
                        $"{servers[s].Spec.Name} fan-out: {result.Error}; the server's last lines: {string.Join(" | ", servers[s].Output.TakeLast(3))}");
                }

                samples[s].AddRange(result.Samples);
                serverCpu[s] += result.ServerCpuSeconds;
                clientCpu[s] += result.ClientCpuSeconds;
                await Task.Delay(options.Settle);
            }
        }

        string cell = $"fan-out to {options.FanoutClients} clients";
        report.Add(Figure.Compared($"{cell}: p50", "µs", Stats.Median(samples[0]), Stats.Median(samples[1]), Better.Lower, null));
        report.Add(Figure.Compared($"{cell}: p99", "µs", Stats.Percentile(samples[0], 0.99), Stats.Percentile(samples[1], 0.99), Better.Lower, 0.5));
        double commands = options.FanoutCommands * options.Rounds;
        report.AddSection(string.Create(CultureInfo.InvariantCulture,
            $"### CPU per broadcast\n\nCPU time per TOGGLE sent to {options.FanoutClients:N0} clients, in ms (the whole command: echo, " +
            $"state change, one frame to every client), and the load tool's for receiving them.\n\n" +
            $"| | EspWs | Kestrel |\n|---|---:|---:|\n" +
            $"| server | {serverCpu[0] * 1e3 / commands:0.0} | {serverCpu[1] * 1e3 / commands:0.0} |\n" +
            $"| load tool | {clientCpu[0] * 1e3 / commands:0.0} | {clientCpu[1] * 1e3 / commands:0.0} |\n"));
    }

    private async Task HoldAsync(ServerProcess[] servers)
    {
        var held = servers.Select(_ => new List<double>()).ToArray();
        var rss = servers.Select(_ => new List<double>()).ToArray();
        var notes = new StringBuilder();
        for (int round = 0; round < options.Rounds; round++)
        {
            for (int s = 0; s < servers.Length; s++)
            {
                (List<WsClient> open, List<string> errors) = await Connections.OpenAsync(servers[s].EndPoint, options.HoldConnections, 128,
                    echoOnce: true, TimeSpan.FromSeconds(120));
                held[s].Add(open.Count);
                rss[s].Add(servers[s].RssKiB / 1024.0);
                if (errors.Count > 0)
                {
                    notes.AppendLine(CultureInfo.InvariantCulture, $"- {servers[s].Spec.Name}, round {round + 1}: {errors[0]}");
                }

                Connections.CloseAll(open);

                // Let the server see every close before the next round or the other server's turn.
                await Task.Delay(options.Settle * 2);
            }
        }

        string cell = $"connections held of {options.HoldConnections:N0} (handshake + echo)";
        report.Add(Figure.Absolute(cell, "count", held[0].Min(), held[1].Min(), options.HoldConnections, $"all {options.HoldConnections:N0}"));
        report.Add(Figure.Compared($"RSS while holding them", "MiB", rss[0].Max(), rss[1].Max(), Better.Lower, null));
        if (notes.Length > 0)
        {
            report.AddSection("### Connections not held\n\n" + notes);
        }
    }

    private async Task MemoryAsync()
    {
        int count = options.IdleConnections;
        IdleMemoryResult e = await IdleMemoryPhase.RunAsync(ServerSpec.EspWs(options.EspWsDll, count + IdleMemoryPhase.SpareSlots),
            ServerSpec.EspWs(options.EspWsDll, IdleMemoryPhase.SpareSlots), count, options.Settle, options.Linger);
        IdleMemoryResult k = await IdleMemoryPhase.RunAsync(Kestrel, baseline: null, count, options.Settle, options.Linger);
        var workstation = new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" };
        IdleMemoryResult kw = await IdleMemoryPhase.RunAsync(ServerSpec.Kestrel(options.ReferenceDll, workstation), baseline: null, count,
            options.Settle, TimeSpan.Zero);
        foreach ((string name, IdleMemoryResult result) in new[] { ("EspWs", e), ("Kestrel", k), ("Kestrel, workstation GC", kw) })
        {
            if (result.Held < count)
            {
                throw new InvalidOperationException($"{name} held only {result.Held} of {count} idle connections ({result.Error}).");
            }
        }

        string cell = $"idle memory per connection ({count:N0} idle)";
        report.Add(Figure.Compared(cell, "KiB", e.PerConnectionKiB, k.PerConnectionKiB, Better.Lower, 0.25));
        report.Add(Figure.Compared($"{cell}, vs Kestrel with workstation GC", "KiB", e.PerConnectionKiB, kw.PerConnectionKiB, Better.Lower, 0.25));
        report.AddSection(string.Create(CultureInfo.InvariantCulture,
            $"### Idle memory in detail\n\nRSS in MiB. EspWs reserves its slots at start, so its figure is measured against a " +
            $"server started with `Server:MaxClients={IdleMemoryPhase.SpareSlots}` (the measured one has {IdleMemoryPhase.SpareSlots} spare slots " +
            $"too); Kestrel's against itself before the connections. Each connection echoed one 16 B message, then stayed idle.\n\n" +
            $"| server | small server | before | with {count:N0} idle | per connection, all-in | growth only |\n|---|---:|---:|---:|---:|---:|\n" +
            $"{MemoryRow("EspWs", e)}{MemoryRow("Kestrel (Server GC, ASP.NET Core's default)", k)}{MemoryRow("Kestrel, workstation GC", kw)}"));
    }

    private static string MemoryRow(string name, IdleMemoryResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {r.BaselineKiB / 1024.0:0.0} | {r.BeforeKiB / 1024.0:0.0} | {r.LoadedKiB / 1024.0:0.0} | " +
        $"{r.PerConnectionKiB:0.0} KiB | {r.GrowthPerConnectionKiB:0.0} KiB |\n");

    private async Task CalibrationAsync()
    {
        string self = typeof(BenchmarkRun).Assembly.Location;
        var trivial = new ServerSpec("trivial echo", "dotnet",
            port => [self, "--trivial-echo", port.ToString(CultureInfo.InvariantCulture)]);
        using ServerProcess server = ServerProcess.Start(trivial);
        await server.WaitUntilReadyAsync(ReadyTimeout);
        (List<WsClient> pool, _) = await Connections.OpenAsync(server.EndPoint, 64, 16, echoOnce: true, ReadyTimeout);
        var text = new StringBuilder("### Is the load tool the bottleneck?\n\nThe same load tool against a trivial echo server " +
            "(a fixed 101, then each payload unmasked and sent back, nothing checked): what it reaches here is the most it can " +
            "drive on this machine while sharing its cores with a server.\n\n" +
            "| run | messages/s | p99 µs | trivial server CPU µs/message | load tool CPU µs/message |\n|---|---:|---:|---:|---:|\n");
        try
        {
            foreach (int connections in new[] { 1, 64 })
            {
                EchoResult r = await EchoPhase.RunAsync(server, pool, connections, 16, options.EchoWarmUp, options.EchoDuration);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {connections} × 16 B | {r.MessagesPerSecond:N0} | {r.Latency.PercentileMicros(0.99):N0} | " +
                    $"{CpuPerMessage([r], x => x.ServerCpuSeconds):0.0} | {CpuPerMessage([r], x => x.ClientCpuSeconds):0.0} |");
                Console.WriteLine($"  trivial echo {connections} × 16 B: {r.MessagesPerSecond:N0} msg/s");
            }
        }
        finally
        {
            Connections.CloseAll(pool);
        }

        report.AddSection(text.ToString());
    }

    private async Task StartupAsync()
    {
        var builds = new List<(ServerSpec Spec, string Folder)>
        {
            (ServerSpec.EspWs(options.EspWsDll, 64) with { Name = "EspWs, framework-dependent (dotnet EspWs.App.dll)" }, ""),
        };
        foreach ((string name, string executable) in new[]
        {
            ("EspWs, self-contained trimmed", options.TrimmedExecutable),
            ("EspWs, self-contained trimmed + ReadyToRun", options.TrimmedReadyToRunExecutable),
            ("EspWs, Native AOT", options.AotExecutable),
        })
        {
            if (File.Exists(executable))
            {
                builds.Add((ServerSpec.EspWsNative(name, executable, 64), Path.GetDirectoryName(executable)!));
            }
            else
            {
                Console.WriteLine($"  {name}: not built ({executable}); skipped.");
            }
        }

        builds.Add((Kestrel with { Name = "Kestrel reference, framework-dependent" }, ""));
        List<StartupResult> results = await StartupPhase.RunAsync(builds, options.StartupRepetitions, options.Settle);
        var text = new StringBuilder("### Cost at start and at rest\n\nMedian of the starts; RSS read " +
            $"{options.Settle.TotalSeconds:0.#} s after the first handshake (EspWs with its default 64 slots). On disk: the published " +
            "folder of a self-contained build; a framework-dependent build needs the shared .NET runtime besides.\n\n" +
            "| build | start → first handshake answered | idle RSS | on disk |\n|---|---:|---:|---:|\n");
        foreach (StartupResult r in results)
        {
            string row = r.Error is null
                ? string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.StartToHandshakeMs:0} ms | {r.IdleRssKiB / 1024:0.0} MiB | {(r.DiskKiB > 0 ? $"{r.DiskKiB / 1024.0:0.0} MiB" : "-")} |")
                : $"| {r.Name} | failed: {r.Error} | | |";
            text.AppendLine(row);
            Console.WriteLine($"  {row}");
        }

        report.AddSection(text.ToString());
    }

    private static string SizeText(int size) => size >= 1024 ? $"{size / 1024} KiB" : $"{size} B";
}
