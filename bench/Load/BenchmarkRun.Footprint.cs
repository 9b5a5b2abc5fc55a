using System.Globalization;
using System.Text;

namespace EspWs.Bench.Load;

/// <summary>The phases about memory and start-up: idle memory per connection, and each build's cost at start.</summary>
internal sealed partial class BenchmarkRun
{
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
}
