using System.Text;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Workloads;

namespace EspWs.Bench.Load;

/// <summary>The fan-out cells: one LED change to 100 and to 1 000 clients.</summary>
internal sealed partial class BenchmarkRun
{
    private void Fanout(ServerProcess[] servers, string label)
    {
        var cpu = new StringBuilder($"### CPU per broadcast ({label})\n\nms of CPU per TOGGLE (the echo, the state change and one frame to " +
            "every client), the server's and the load tool's for receiving them.\n\n" +
            "| clients | EspWs | load tool (vs EspWs) | Kestrel | load tool (vs Kestrel) |\n|---|---:|---:|---:|---:|\n");
        foreach (int clients in options.FanoutClients)
        {
            var samples = servers.Select(_ => new List<double>()).ToArray();
            var serverCpu = new double[servers.Length];
            var clientCpu = new double[servers.Length];
            for (int round = 0; round < options.Rounds; round++)
            {
                for (int s = 0; s < servers.Length; s++)
                {
                    FanoutWorkload run = RunFanout(servers[s], clients);
                    samples[s].AddRange(run.Samples);
                    serverCpu[s] += run.Cpu.ServerSeconds;
                    clientCpu[s] += run.Cpu.ClientSeconds;
                }
            }

            string cell = $"{label} of an LED change to {clients:N0} clients: round";
            report.Add(Figure.Compared($"{cell} p50", "µs", Stats.Median(samples[0]), Stats.Median(samples[1]), Better.Lower, 0.5));
            report.Add(Figure.Compared($"{cell} p99", "µs", Stats.Percentile(samples[0], 0.99), Stats.Percentile(samples[1], 0.99), Better.Lower, 0.5));
            double commands = options.FanoutCommands * options.Rounds;
            cpu.AppendLine($"| {clients:N0} | {Micros(serverCpu[0] * 1e3 / commands)} | {Micros(clientCpu[0] * 1e3 / commands)} | " +
                $"{Micros(serverCpu[1] * 1e3 / commands)} | {Micros(clientCpu[1] * 1e3 / commands)} |");
        }

        report.AddSection(cpu.ToString());
    }

    private FanoutWorkload RunFanout(ServerProcess server, int clients)
    {
        using LoadEngine engine = OpenPool(server, clients, parallel: 64);
        var fanout = new FanoutWorkload(engine.Connections, options.FanoutWarmUp, options.FanoutCommands, TimeSpan.FromMilliseconds(20),
            new CpuMeter(server.Pid));
        engine.Run(fanout, TimeSpan.FromSeconds(60));
        if (fanout.Error is not null)
        {
            throw new IOException($"{server.Spec.Name}, fan-out to {clients}: {fanout.Error}; its last lines: {string.Join(" | ", server.Output.TakeLast(3))}");
        }

        Console.WriteLine($"  {server.Spec.Name} fan-out to {clients}: p50 {Stats.Median(fanout.Samples):N0} µs, p99 {Stats.Percentile(fanout.Samples, 0.99):N0} µs");
        engine.CloseAll();

        // Let the server see every close before the other server's turn.
        Thread.Sleep(options.Settle / 2);
        return fanout;
    }
}
