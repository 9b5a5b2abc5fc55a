using System.Globalization;
using System.Text;

namespace EspWs.Bench.Load;

/// <summary>Each build's cost at start and at rest.</summary>
internal sealed partial class BenchmarkRun
{
    private void Startup()
    {
        var builds = new List<(ServerSpec Spec, string Folder)>
        {
            (ServerSpec.EspWs(options.EspWsDll, SmallMaxClients) with { Name = "EspWs, framework-dependent (dotnet EspWs.App.dll)" }, ""),
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
                builds.Add((ServerSpec.EspWsNative(name, executable, SmallMaxClients), Path.GetDirectoryName(executable)!));
            }
            else
            {
                Console.WriteLine($"  {name}: not built ({executable}); skipped.");
            }
        }

        builds.Add((Kestrel with { Name = "Kestrel reference, framework-dependent" }, ""));
        List<StartupResult> results = StartupPhase.Run(builds, options.StartupRepetitions, options.Settle);
        var text = new StringBuilder("### Cost at start and at rest\n\nMedian of the starts; RSS read " +
            $"{options.Settle.TotalSeconds:0.#} s after the first handshake (EspWs with MaxClients={SmallMaxClients}). On disk: the published " +
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
