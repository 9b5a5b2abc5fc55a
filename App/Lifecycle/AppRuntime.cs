using Microsoft.Extensions.Logging;

namespace EspWs.App.Lifecycle;

/// <summary>
/// Runs an app as Meadow's runtime does: Initialize, Run, then wait for shutdown and call OnShutdown; after a
/// failure call OnError and, when <c>Lifecycle:RestartOnAppFailure</c> is set, start a new app after the delay.
/// </summary>
public sealed class AppRuntime
{
    private readonly ILogger _log;
    private readonly bool _restartOnFailure;
    private readonly TimeSpan _restartDelay;

    /// <summary>Creates a runtime with Meadow's lifecycle settings.</summary>
    public AppRuntime(ILogger log, bool restartOnAppFailure, TimeSpan restartDelay)
    {
        _log = log;
        _restartOnFailure = restartOnAppFailure;
        _restartDelay = restartDelay;
    }

    /// <summary>Runs apps made by <paramref name="createApp"/> until <paramref name="shutdown"/>; returns the process exit code.</summary>
    public async Task<int> RunAsync(Func<IApp> createApp, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(createApp);
        while (true)
        {
            IApp app = createApp();
            try
            {
                await app.Initialize();
                await app.Run();
                await WaitForShutdownAsync(shutdown);
                await app.OnShutdown();
                return 0;
            }
            catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
            {
                await app.OnShutdown();
                return 0;
            }
            catch (Exception ex)
            {
                _log.LogError("The app failed: {Message}", ex.Message);
                await app.OnError(ex);
                await ShutdownAfterFailureAsync(app);
                if (!_restartOnFailure || shutdown.IsCancellationRequested)
                {
                    return 1;
                }

                _log.LogWarning("Restarting the app in {Delay} (Lifecycle:RestartOnAppFailure).", _restartDelay);
                if (!await DelayUnlessShutdownAsync(_restartDelay, shutdown))
                {
                    return 0;
                }
            }
        }
    }

    private async Task ShutdownAfterFailureAsync(IApp app)
    {
        try
        {
            await app.OnShutdown();
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "OnShutdown failed after an app failure.");
        }
    }

    private static async Task WaitForShutdownAsync(CancellationToken shutdown)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (shutdown.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }
    }

    private static async Task<bool> DelayUnlessShutdownAsync(TimeSpan delay, CancellationToken shutdown)
    {
        try
        {
            await Task.Delay(delay, shutdown);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
