using System.Globalization;
using System.Text;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Workloads;

namespace EspWs.Bench.Load;

/// <summary>The memory attack: 16 clients announce 16 MiB binary messages and stream 15 MiB of them.</summary>
internal sealed partial class BenchmarkRun
{
    private const int AttackClients = 16;
    private const long Announced = 16L * 1024 * 1024;
    private const long Streamed = 15L * 1024 * 1024;

    private void Attack()
    {
        ServerSpec[] specs = [ServerSpec.EspWsDefaults(options.EspWsDll), Kestrel];
        var growth = specs.Select(_ => new List<double>()).ToArray();
        var text = new StringBuilder($"### The memory attack in detail\n\n{AttackClients} clients from 127.0.0.1 each announce a " +
            $"{Announced >> 20} MiB binary message and stream {Streamed >> 20} MiB of it as fast as the server reads, for at most " +
            $"{options.AttackLimit.TotalSeconds:0} s; RSS sampled every 20 ms. EspWs runs at its default configuration (MaxClients, " +
            "per-address cap, message and buffer limits).\n\n| server | round | RSS before | peak | growth | MiB the kernel took | closed by the server |\n" +
            "|---|---:|---:|---:|---:|---:|---|\n");
        for (int round = 0; round < options.Rounds; round++)
        {
            for (int s = 0; s < specs.Length; s++)
            {
                using ServerProcess server = ServerProcess.StartReady(specs[s], ReadyTimeout);
                Thread.Sleep(options.Settle);
                long before = server.RssKiB;
                using LoadEngine engine = OpenPool(server, AttackClients, parallel: AttackClients);
                var attack = new AttackWorkload(engine.Connections, Announced, Streamed, options.AttackLimit, server.Pid,
                    System.Diagnostics.Stopwatch.GetTimestamp());
                attack.Start(engine);
                engine.Run(attack, options.AttackLimit + TimeSpan.FromSeconds(10));
                double grown = (attack.PeakRssKiB - before) / 1024.0;
                growth[s].Add(grown);
                string closes = string.Join(", ", attack.ClosedWith.Select(c => $"{c.Value} with {c.Key}"));
                string closed = (closes.Length > 0 ? closes : "none") + (attack.Dropped > 0 ? $"; {attack.Dropped} dropped" : "");
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {specs[s].Name} | {round + 1} | {before / 1024.0:0.0} | {attack.PeakRssKiB / 1024.0:0.0} | {grown:0.0} | " +
                    $"{attack.Streamed / 1048576.0:0} | {closed} |");
                Console.WriteLine($"  {specs[s].Name}: RSS +{grown:0.0} MiB, {attack.Streamed / 1048576.0:0} MiB taken, closed: {closed}");
            }
        }

        double e = growth[0].Max();
        report.Add(Figure.Compared("memory attack: RSS growth (worst round)", "MiB", e, growth[1].Max(), Better.Lower, null));
        report.Add(Figure.Alone("the same, EspWs at its default configuration", "MiB", e, double.NaN, "≤ 100 MiB", e <= 100));
        report.AddSection(text.ToString());
    }
}
