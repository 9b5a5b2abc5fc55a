using System.Diagnostics;
using System.Globalization;
using System.Text;
using EspWs.App.Tests.Mqtt;
using EspWs.Bench.Fleet;
using EspWs.Bench.Load;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

// The fleet: N complete EspWs devices in this process, each with its own MQTT client, against one mosquitto. It commands
// all N (ON to each command topic in a burst) and measures, per device, the time from its command until its retained
// state reads ON, as one observer subscribed to every state topic sees it.
if (FleetOptions.Parse(args, out string? usageError) is not { } options)
{
    (usageError is null ? Console.Out : Console.Error).WriteLine(usageError is null ? FleetOptions.Usage : $"fleet: {usageError}\n{FleetOptions.Usage}");
    return usageError is null ? 0 : 2;
}

if (options.MinThreads > 0)
{
    // N devices in one process do N devices' concurrent work; the pool otherwise starts with one thread per core.
    ThreadPool.SetMinThreads(options.MinThreads, options.MinThreads);
}

using ILoggerFactory loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
int self = Environment.ProcessId;
string loadBefore = File.ReadAllText("/proc/loadavg").Trim();

// Room for every device's queued state messages while the observer catches up.
await using Mosquitto broker = await Mosquitto.StartAsync(extraConfig: ["max_queued_messages 10000"]);
long rssBefore = ResidentAfterCollect();
long brokerRssBefore = ProcStat.RssKiB(broker.ProcessId);
long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
var starting = Stopwatch.StartNew();
await using Devices devices = await Devices.StartAsync(options.Devices, options.StartBatch, broker.Port, loggers);
bool allConnected = await Until(() => devices.Connected == options.Devices, TimeSpan.FromMinutes(3));
starting.Stop();
if (!allConnected)
{
    Console.Error.WriteLine($"fleet: only {devices.Connected} of {options.Devices} devices joined the broker.");
    return 1;
}

await Task.Delay(TimeSpan.FromSeconds(2));
long rssAfter = ResidentAfterCollect();
long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
long brokerRssAfter = ProcStat.RssKiB(broker.ProcessId);

await using StateWatcher watcher = await StateWatcher.StartAsync(broker.Port);
using IMqttClient commander = new MqttClientFactory().CreateMqttClient();
using (var connect = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
{
    await commander.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("fleet-commander")
        .WithTimeout(TimeSpan.FromSeconds(30)).Build(), connect.Token);
}

await Task.Delay(TimeSpan.FromSeconds(1));
double brokerCpu0 = ProcStat.CpuSeconds(broker.ProcessId);
double fleetCpu0 = ProcStat.CpuSeconds(self);
long[] sentAt = new long[options.Devices];
long burstStart = Stopwatch.GetTimestamp();
var publishes = new Task[options.Devices];
using (var burst = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
{
    for (int i = 0; i < options.Devices; i++)
    {
        MqttApplicationMessage on = new MqttApplicationMessageBuilder().WithTopic($"espws/{Devices.NodeId(i)}/led/command")
            .WithPayload("ON").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        sentAt[i] = Stopwatch.GetTimestamp();
        publishes[i] = commander.PublishAsync(on, burst.Token);
    }

    await Task.WhenAll(publishes);
}

bool allOn = await Until(() => watcher.OnCount == options.Devices, TimeSpan.FromSeconds(60));
double burstSeconds = Stopwatch.GetElapsedTime(burstStart).TotalSeconds;
double brokerCpu = ProcStat.CpuSeconds(broker.ProcessId) - brokerCpu0;
double fleetCpu = ProcStat.CpuSeconds(self) - fleetCpu0;
string loadAfter = File.ReadAllText("/proc/loadavg").Trim();

var latencies = new List<double>();
for (int i = 0; i < options.Devices; i++)
{
    if (watcher.TryGetFirstOn($"espws/{Devices.NodeId(i)}/led/state", out long on))
    {
        latencies.Add(Stopwatch.GetElapsedTime(sentAt[i], on).TotalMilliseconds);
    }
}

latencies.Sort();
int n = options.Devices;
var report = new StringBuilder();
CultureInfo c = CultureInfo.InvariantCulture;
report.AppendLine(c, $"| figure | N = {n} |");
report.AppendLine("|---|---|");
report.AppendLine(c, $"| devices whose state read ON | {latencies.Count} of {n}{(allOn ? "" : " (timed out after 60 s)")} |");
report.AppendLine(c, $"| command → retained ON, p50 | {Percentile(latencies, 50):0.0} ms |");
report.AppendLine(c, $"| command → retained ON, p99 | {Percentile(latencies, 99):0.0} ms |");
report.AppendLine(c, $"| command → retained ON, max | {(latencies.Count > 0 ? latencies[^1] : double.NaN):0.0} ms |");
report.AppendLine(c, $"| whole burst (first command → last ON) | {burstSeconds * 1000:0} ms |");
report.AppendLine(c, $"| broker CPU during the burst | {brokerCpu:0.00} s ({brokerCpu / burstSeconds * 100:0}% of one core) |");
report.AppendLine(c, $"| fleet process CPU during the burst | {fleetCpu:0.00} s ({fleetCpu / burstSeconds * 100:0}% of one core) |");
report.AppendLine(c, $"| fleet start until all joined | {starting.Elapsed.TotalSeconds:0.0} s |");
report.AppendLine(c, $"| memory per device, resident | {(rssAfter - rssBefore) / (double)n:0} KiB |");
report.AppendLine(c, $"| memory per device, managed heap | {(managedAfter - managedBefore) / 1024.0 / n:0} KiB |");
report.AppendLine(c, $"| broker memory per connected device, resident | {(brokerRssAfter - brokerRssBefore) / (double)n:0.0} KiB |");
report.AppendLine(c, $"| load average before → after (1, 5, 15 min) | {Load(loadBefore)} → {Load(loadAfter)} |");
report.AppendLine(c, $"| fleet process threads after the burst | {Process.GetCurrentProcess().Threads.Count} (--min-threads {options.MinThreads}) |");
report.AppendLine(c, $"| machine | {Environment.ProcessorCount} cores, .NET {Environment.Version} |");
Console.WriteLine(report);
if (options.OutputFile.Length > 0)
{
    await File.WriteAllTextAsync(options.OutputFile, report.ToString());
}

using (var leave = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
{
    await commander.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), leave.Token);
}

return allOn ? 0 : 1;

static double Percentile(List<double> sorted, int percent) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

static string Load(string loadavg) => string.Join(", ", loadavg.Split(' ').Take(3));

static long ResidentAfterCollect()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    return ProcStat.RssKiB(Environment.ProcessId);
}

static async Task<bool> Until(Func<bool> condition, TimeSpan timeout)
{
    long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
    while (!condition())
    {
        if (Environment.TickCount64 > deadline)
        {
            return false;
        }

        await Task.Delay(20);
    }

    return true;
}
