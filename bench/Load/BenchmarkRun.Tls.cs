using System.Diagnostics;
using System.Globalization;
using System.Text;
using EspWs.Bench.Load.Engine;
using EspWs.Bench.Load.Tls;

namespace EspWs.Bench.Load;

/// <summary>The TLS rows (issue 10): echo, fan-out and idle memory through wss://, both servers with the same certificate.</summary>
internal sealed partial class BenchmarkRun
{
    private const int TlsEchoConnections = 100;
    private const int TlsEchoInFlight = 8;
    private const int TlsEchoSize = 32;
    private const int TlsFanoutClients = 100;

    private void Tls()
    {
        using TlsFiles tls = TlsFiles.Create();
        var specs = new List<ServerSpec>();
        if (options.EspWsTls)
        {
            specs.Add(ServerSpec.EspWsTls(options.EspWsDll, EspWsMaxClients, tls));
        }

        specs.Add(ServerSpec.KestrelTls(options.ReferenceDll, tls));
        var echo = specs.Select(_ => new List<(TlsEcho Run, CpuMeter Cpu)>()).ToArray();
        var fanout = specs.Select(_ => new List<double>()).ToArray();
        var perConnection = specs.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < options.Rounds; round++)
        {
            for (int s = 0; s < specs.Count; s++)
            {
                using ServerProcess server = ServerProcess.StartReady(specs[s], ReadyTimeout);
                echo[s].Add(RunTlsEcho(server, tls));
                fanout[s].AddRange(RunTlsFanout(server, tls));
                perConnection[s].Add(TlsIdleKiB(server, tls));
            }
        }

        int k = specs.Count - 1;
        int e = options.EspWsTls ? 0 : -1;
        string cell = $"wss:// echo, {TlsEchoConnections} conn × {TlsEchoInFlight} in flight × {TlsEchoSize} B";
        (double Server, double Client, LatencyHistogram Latency) Summary(int s)
        {
            double messages = echo[s].Sum(r => (double)r.Run.Measured);
            var latency = new LatencyHistogram();
            echo[s].ForEach(r => latency.Add(r.Run.Latency));
            return (echo[s].Sum(r => r.Cpu.ServerSeconds) * 1e6 / messages, echo[s].Sum(r => r.Cpu.ClientSeconds) * 1e6 / messages, latency);
        }

        var kestrel = Summary(k);
        var espWs = e >= 0 ? Summary(e) : (double.NaN, double.NaN, new LatencyHistogram());
        report.Add(Figure.Compared($"{cell}: messages/s", "msg/s", e >= 0 ? echo[e].Average(r => r.Run.Measured) / options.EchoDuration.TotalSeconds : double.NaN,
            echo[k].Average(r => r.Run.Measured) / options.EchoDuration.TotalSeconds, Better.Higher, null));
        report.Add(Figure.Compared($"{cell}: server CPU per message", "µs/msg", espWs.Item1, kestrel.Server, Better.Lower, 1.0));
        report.Add(Figure.Compared($"{cell}: latency p50", "µs", espWs.Item3.PercentileMicros(0.5), kestrel.Latency.PercentileMicros(0.5), Better.Lower, null));
        report.Add(Figure.Compared($"{cell}: latency p99", "µs", espWs.Item3.PercentileMicros(0.99), kestrel.Latency.PercentileMicros(0.99), Better.Lower, null));
        report.Add(Figure.Compared($"wss:// fan-out to {TlsFanoutClients} clients: round p50", "µs", e >= 0 ? Stats.Median(fanout[e]) : double.NaN,
            Stats.Median(fanout[k]), Better.Lower, null));
        report.Add(Figure.Compared($"wss:// fan-out to {TlsFanoutClients} clients: round p99", "µs", e >= 0 ? Stats.Percentile(fanout[e], 0.99) : double.NaN,
            Stats.Percentile(fanout[k], 0.99), Better.Lower, null));
        report.Add(Figure.Compared($"RSS per idle wss:// connection ({options.IdleConnections / 5:N0} held)", "KiB",
            e >= 0 ? Stats.Median(perConnection[e]) : double.NaN, Stats.Median(perConnection[k]), Better.Lower, 0.5));
        report.AddSection(string.Create(CultureInfo.InvariantCulture,
            $"### TLS\n\nBoth servers serve the same self-signed ECDSA P-256 certificate (made by the tool), TLS 1.2 and 1.3; the tool " +
            $"pins it. {(options.EspWsTls ? "" : "**EspWs's TLS had not landed when this ran: the EspWs column is empty and only Kestrel was measured.** ")}" +
            $"The wss:// client is one SslStream per connection on .NET's async sockets (TLS needs a stream per connection), so it costs the tool " +
            $"more than the plain epoll path: load tool CPU per echoed message {(e >= 0 ? Micros(espWs.Item2) : "-")} µs against EspWs, " +
            $"{Micros(kestrel.Client)} µs against Kestrel.\n"));
    }

    private (TlsEcho, CpuMeter) RunTlsEcho(ServerProcess server, TlsFiles tls)
    {
        List<TlsClient> clients = TlsClient.OpenManyAsync(server.EndPoint, tls.Certificate, TlsEchoConnections, 16).GetAwaiter().GetResult();
        try
        {
            long from = At(options.EchoWarmUp);
            var run = new TlsEcho(TlsEchoSize, TlsEchoInFlight, from, from + (long)(options.EchoDuration.TotalSeconds * Stopwatch.Frequency));
            var cpu = new CpuMeter(server.Pid);
            run.RunAsync(clients, cpu).GetAwaiter().GetResult();
            Console.WriteLine($"  {server.Spec.Name} wss:// echo: {run.Measured / options.EchoDuration.TotalSeconds:N0} msg/s, server " +
                $"{Micros(cpu.ServerSeconds * 1e6 / run.Measured)} µs/msg, tool {Micros(cpu.ClientSeconds * 1e6 / run.Measured)} µs/msg");
            return (run, cpu);
        }
        finally
        {
            clients.ForEach(c => c.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }
    }

    private List<double> RunTlsFanout(ServerProcess server, TlsFiles tls)
    {
        List<TlsClient> clients = TlsClient.OpenManyAsync(server.EndPoint, tls.Certificate, TlsFanoutClients, 16).GetAwaiter().GetResult();
        using var run = new TlsFanout(options.FanoutWarmUp, options.FanoutCommands);
        run.RunAsync(clients, new CpuMeter(server.Pid)).GetAwaiter().GetResult();
        Console.WriteLine($"  {server.Spec.Name} wss:// fan-out to {TlsFanoutClients}: p50 {Stats.Median(run.Samples):N0} µs");
        Thread.Sleep(options.Settle / 2);
        return run.Samples;
    }

    // RSS growth per connection over a fifth of the plain figure's idle connections (each costs a TLS handshake).
    private double TlsIdleKiB(ServerProcess server, TlsFiles tls)
    {
        Thread.Sleep(options.Settle);
        long before = server.RssKiB;
        int count = options.IdleConnections / 5;
        List<TlsClient> clients = TlsClient.OpenManyAsync(server.EndPoint, tls.Certificate, count, 32).GetAwaiter().GetResult();
        try
        {
            Thread.Sleep(options.Settle * 2);
            double perConnection = (server.RssKiB - before) / (double)count;
            if (options.Linger > TimeSpan.Zero)
            {
                Console.WriteLine($"  {server.Spec.Name} (pid {server.Pid}) holds {count} idle wss:// connections for {options.Linger.TotalSeconds} s more.");
                Thread.Sleep(options.Linger);
            }

            return perConnection;
        }
        finally
        {
            clients.ForEach(c => c.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }
    }
}
