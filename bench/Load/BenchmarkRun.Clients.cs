using System.Globalization;
using System.Text;

namespace EspWs.Bench.Load;

/// <summary>The phases with many clients: broadcast fan-out and connections held.</summary>
internal sealed partial class BenchmarkRun
{
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
}
