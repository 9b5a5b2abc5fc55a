using System.Globalization;
using System.Text;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Workloads;

namespace EspWs.Bench.Load;

/// <summary>The load tool against a trivial echo server: its own ceiling, to show it is not what limits the real servers.</summary>
internal sealed partial class BenchmarkRun
{
    private void Calibration()
    {
        string self = typeof(BenchmarkRun).Assembly.Location;
        var trivial = new ServerSpec("trivial echo", "dotnet", port => [self, "--trivial-echo", port.ToString(CultureInfo.InvariantCulture)]);
        using ServerProcess server = ServerProcess.StartReady(trivial, ReadyTimeout);
        int poolSize = options.EchoCells.Max(c => c.Connections);
        using LoadEngine engine = OpenPool(server, poolSize, parallel: 32);
        var text = new StringBuilder("### Is the load tool the limit?\n\nThe same tool against a trivial echo server (one epoll thread, a " +
            "fixed 101, each payload unmasked and sent back in one send per batch, nothing checked), pinned like the servers: what it " +
            "reaches here is the most the tool drives on this machine.\n\n" +
            "| cell | messages/s | p50 µs | p99 µs | trivial server CPU µs/msg (share of a CPU) | load tool CPU µs/msg (share of a CPU) |\n|---|---:|---:|---:|---:|---:|\n");
        foreach ((int connections, int inFlight, int size) in options.EchoCells)
        {
            var runs = new List<EchoWorkload>();
            for (int round = 0; round < options.Rounds; round++)
            {
                runs.Add(RunEcho(engine, server, connections, inFlight, size));
            }

            EchoSummary r = EchoSummary.Of(runs, options.EchoDuration);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {connections} × {inFlight} × {SizeText(size)} | {r.Rate:N0} | {r.Latency.PercentileMicros(0.5):N0} | " +
                $"{r.Latency.PercentileMicros(0.99):N0} | {Busy(r.ServerMicros, r.ServerBusy)} | {Busy(r.ClientMicros, r.ClientBusy)} |");
        }

        report.AddSection(text.ToString());
    }
}
