using EspWs.App.Configuration;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Boards;

/// <summary>The real <see cref="EspWsApp"/> (Initialize, Run; OnShutdown on dispose) on a given board, serving on 127.0.0.1 and a free port.</summary>
internal sealed class AppHost : IAsyncDisposable
{
    private AppHost(EspWsApp app) => App = app;

    public EspWsApp App { get; }

    public Uri WebSocketUri => new($"ws://127.0.0.1:{App.Server!.LocalEndPoint.Port}/");

    public static EspWsSettings DefaultSettings() => new()
    {
        Server = new ServerSettings { BindAddress = "127.0.0.1", Port = 0, MaxClients = 8, PingInterval = TimeSpan.Zero },
        WiFi = new WiFiSettings { ConnectTimeout = TimeSpan.FromSeconds(10), MaxAttempts = 1 },
    };

    public static async Task<AppHost> StartAsync(IBoard board, EspWsSettings? settings = null, ILoggerFactory? loggers = null)
    {
        var app = new EspWsApp(board, settings ?? DefaultSettings(),
            loggers ?? NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        await app.Initialize();
        await app.Run();
        return new AppHost(app);
    }

    public async ValueTask DisposeAsync() => await App.OnShutdown();
}
