namespace EspWs.Bench.Load;

/// <summary>One build's cost at start and at rest.</summary>
/// <param name="Name">The build, e.g. "EspWs, Native AOT".</param>
/// <param name="StartToHandshakeMs">Median time from process start to the first handshake answered.</param>
/// <param name="IdleRssKiB">Median RSS one second after that handshake.</param>
/// <param name="DiskKiB">The size of the build's files on disk, or 0 when not known.</param>
/// <param name="Error">Why the build could not be measured, or null.</param>
internal sealed record StartupResult(string Name, double StartToHandshakeMs, double IdleRssKiB, long DiskKiB, string? Error);

/// <summary>Starts each build several times and times its first answered handshake, then reads its idle RSS.</summary>
internal static class StartupPhase
{
    /// <summary>Measures every build in <paramref name="builds"/>, interleaved, <paramref name="repetitions"/> times each.</summary>
    public static async Task<List<StartupResult>> RunAsync(IReadOnlyList<(ServerSpec Spec, string Folder)> builds, int repetitions,
        TimeSpan settle)
    {
        var times = builds.Select(_ => new List<double>()).ToList();
        var rss = builds.Select(_ => new List<double>()).ToList();
        var errors = new string?[builds.Count];
        for (int round = 0; round < repetitions; round++)
        {
            for (int i = 0; i < builds.Count; i++)
            {
                if (errors[i] is not null)
                {
                    continue;
                }

                try
                {
                    using ServerProcess server = ServerProcess.Start(builds[i].Spec);
                    TimeSpan ready = await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
                    await Task.Delay(settle);
                    times[i].Add(ready.TotalMilliseconds);
                    rss[i].Add(server.RssKiB);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
                {
                    errors[i] = ex.Message;
                }
            }
        }

        return builds.Select((build, i) => new StartupResult(build.Spec.Name, Stats.Median(times[i]), Stats.Median(rss[i]),
            FolderKiB(build.Folder), errors[i])).ToList();
    }

    private static long FolderKiB(string folder) => Directory.Exists(folder)
        ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1024
        : 0;
}
