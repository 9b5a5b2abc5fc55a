using EspWs.App;
using EspWs.App.Boards;
using EspWs.App.Configuration;
using EspWs.App.Lifecycle;
using EspWs.App.Server;
using EspWs.App.Tls;
using EspWs.Hardware;
using EspWs.Hardware.Boards;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

// The desktop equivalent of Meadow's runtime: read the config, build the board, run the app's lifecycle.
if (InfoCommands.TryRun(args, Console.Out))
{
    return 0;
}

if (StateDiagramCommand.TryRun(args, out int diagramExit))
{
    return diagramExit;
}

if (GenerateCertificateCommand.TryRun(args, Console.Out, Console.Error, out int certificateExit))
{
    return certificateExit;
}

ConfigurationLoadResult config = AppConfigurationLoader.Load(args, BoardCatalog.Names);
if (config.Error is not null || config.Settings is null)
{
    Console.Error.WriteLine($"espws: configuration error: {config.Error}");
    return 2;
}

// Before the board opens and Wi-Fi is joined, which may take a minute: a port in use is known at once.
if (ListenAddressCheck.Check(config.Settings.Server) is { } listenError)
{
    Console.Error.WriteLine($"espws: {listenError}");
    return 2;
}

using ILoggerFactory loggers = LoggingSetup.Create(config.Configuration);
ILogger log = loggers.CreateLogger("EspWs");
foreach (string warning in config.Warnings)
{
    log.LogWarning("{Warning}", warning);
}

foreach (string unknown in config.RemainingArgs)
{
    log.LogWarning("Unknown argument '{Argument}' is ignored (configuration is given as --Section:Key=value).", unknown);
}

using var shutdown = new CancellationTokenSource();
using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGINT, RequestShutdown);
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, RequestShutdown);

EspWsSettings settings = config.Settings;
var runtime = new AppRuntime(log, settings.Lifecycle.RestartOnAppFailure,
    TimeSpan.FromSeconds(settings.Lifecycle.AppFailureRestartDelaySeconds));

IBoard? board = null;
try
{
    return await runtime.RunAsync(() =>
    {
        // A restart makes a new board; the old one is closed first, and forgotten in case the new one fails to open.
        board?.Dispose();
        board = null;
        board = BoardCatalog.Create(settings.Board, loggers, TimeProvider.System);
        return new EspWsApp(board, settings, loggers, TimeProvider.System, shutdown.Token);
    }, shutdown.Token);
}
catch (BoardUnavailableException ex)
{
    // The hardware is missing or misconfigured: one line naming the problem and the keys to check, no stack trace.
    Console.Error.WriteLine($"espws: {ex.Message}");
    return 3;
}
finally
{
    board?.Dispose();
}

void RequestShutdown(System.Runtime.InteropServices.PosixSignalContext context)
{
    // Keep the process alive until OnShutdown has closed every client and left the LED off.
    context.Cancel = true;
    if (!shutdown.IsCancellationRequested)
    {
        log.LogInformation("{Signal} received: shutting down.", context.Signal);
        shutdown.Cancel();
    }
}
