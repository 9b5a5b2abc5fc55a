namespace EspWs.Bench.Load;

/// <summary>Starts each build several times and times its first answered handshake, then reads its idle RSS.</summary>
internal static class StartupPhase
{
    /// <summary>Measures every build in <paramref name="builds"/>, interleaved, <paramref name="repetitions"/> times each.</summary>
    public static List<StartupResult> Run(IReadOnlyList<(ServerSpec Spec, string Folder)> builds, int repetitions,
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
                    TimeSpan ready = server.WaitUntilReady(TimeSpan.FromSeconds(30));
                    Thread.Sleep(settle);
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
