using EspWs.App.Configuration;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Boards;

/// <summary>The real <see cref="EspWsApp"/> (Initialize, Run; OnShutdown on dispose) on a given board, serving on 127.0.0.1 and a free port.</summary>
internal sealed class AppHost : IAsyncDisposable
{
    private readonly string _stateDirectory;

    private AppHost(EspWsApp app, string stateDirectory)
    {
        App = app;
        _stateDirectory = stateDirectory;
    }

    public EspWsApp App { get; }

    public Uri WebSocketUri => new($"ws://127.0.0.1:{App.Host!.EndPoint.Port}/");

    public static EspWsSettings DefaultSettings() => new()
    {
        Server = new ServerSettings { BindAddress = "127.0.0.1", Port = 0, MaxClients = 8, PingInterval = TimeSpan.Zero },
        WiFi = new WiFiSettings { ConnectTimeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 },
    };

    /// <summary>Starts the app on <paramref name="time"/> (the system clock when null); it keeps its LED state in a directory of its own, so no test starts with the LED another left.</summary>
    public static async Task<AppHost> StartAsync(IBoard board, EspWsSettings? settings = null, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        settings ??= DefaultSettings();
        string stateDirectory = Directory.CreateTempSubdirectory("espws-apphost-").FullName;
        settings.State.Directory = stateDirectory;
        var app = new EspWsApp(board, settings,
            loggers ?? NullLoggerFactory.Instance, time ?? TimeProvider.System, CancellationToken.None);
        try
        {
            await app.Initialize();
            await app.Run();
        }
        catch
        {
            Directory.Delete(stateDirectory, recursive: true);
            throw;
        }

        return new AppHost(app, stateDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await App.OnShutdown();
        Directory.Delete(_stateDirectory, recursive: true);
    }
}
