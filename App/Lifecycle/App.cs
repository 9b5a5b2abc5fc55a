using EspWs.Hardware;

namespace EspWs.App.Lifecycle;

/// <summary>The base of a Meadow-style app running on a board of type <typeparamref name="TDevice"/>.</summary>
/// <remarks>
/// Meadow's <c>App&lt;D&gt;.Device</c> is static; here it is an instance property so that tests can run several
/// apps in one process. Code written as <c>Device.Pins.OnboardLed</c> inside the app reads the same.
/// </remarks>
public abstract class App<TDevice> : IApp
    where TDevice : class, IBoard
{
    /// <summary>Creates the app for <paramref name="device"/>, cancelled through <paramref name="cancellationToken"/>.</summary>
    protected App(TDevice device, CancellationToken cancellationToken)
    {
        Device = device;
        CancellationToken = cancellationToken;
    }

    /// <summary>The board the app runs on.</summary>
    public TDevice Device { get; }

    /// <inheritdoc/>
    public CancellationToken CancellationToken { get; }

    /// <inheritdoc/>
    public virtual Task Initialize() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual Task Run() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual Task OnShutdown() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual Task OnError(Exception e) => Task.CompletedTask;
}
