using System.Collections;
using EspWs.App.Configuration;

namespace EspWs.App.Tests.Configuration;

/// <summary>A per-test temporary folder holding an app.config.yaml, deleted on dispose.</summary>
internal sealed class TempConfigDirectory : IDisposable
{
    public static readonly string[] KnownBoards = ["simulated", "esp32"];

    public TempConfigDirectory(string yaml)
    {
        Path = Directory.CreateTempSubdirectory("espws-config-").FullName;
        File.WriteAllText(FilePath, yaml);
    }

    public string Path { get; }

    public string FilePath => System.IO.Path.Combine(Path, AppConfigurationLoader.FileName);

    public ConfigurationLoadResult Load(params string[] args) => Load(new Hashtable(), args);

    public ConfigurationLoadResult Load(IDictionary environment, params string[] args) =>
        AppConfigurationLoader.Load(args, KnownBoards, environment, Path);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
