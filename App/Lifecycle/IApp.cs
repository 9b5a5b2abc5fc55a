namespace EspWs.App.Lifecycle;

/// <summary>A Meadow-style device app: the runtime calls <see cref="Initialize"/>, then <see cref="Run"/>, and <see cref="OnShutdown"/> at the end.</summary>
public interface IApp
{
    /// <summary>Cancelled when the app is asked to shut down (Ctrl+C, SIGTERM).</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Prepares the hardware and services; a throw here is an app failure.</summary>
    Task Initialize();

    /// <summary>Starts the app's work once initialized; returns when the work is running.</summary>
    Task Run();

    /// <summary>Leaves the device in a defined state before the process ends.</summary>
    Task OnShutdown();

    /// <summary>Told of an unhandled failure of <see cref="Initialize"/> or <see cref="Run"/>.</summary>
    Task OnError(Exception e);
}
