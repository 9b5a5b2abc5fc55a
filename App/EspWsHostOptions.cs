using EspWs.App.Configuration;
using EspWs.App.Server;
using EspWs.App.Server.Transport;

namespace EspWs.App;

/// <summary>What an <see cref="EspWsHost"/> is built from: the LED's pin, the server's settings and transport, and the LED command queue's cap.</summary>
public sealed record EspWsHostOptions
{
    /// <summary>Gets the board's name for the LED pin (<c>Led:Pin</c>).</summary>
    public string LedPin { get; init; } = "OnboardLed";

    /// <summary>Gets the <c>Server</c> settings; port 0 picks a free port.</summary>
    public required ServerSettings Server { get; init; }

    /// <summary>Gets the <c>Security</c> settings: the origins allowed and the token asked for.</summary>
    public SecuritySettings Security { get; init; } = new();

    /// <summary>Gets the transport-setup step each accepted client goes through (plain by default; TLS plugs in here).</summary>
    public IConnectionTransportFactory Transport { get; init; } = PlainTransportFactory.Instance;

    /// <summary>Gets how many LED commands may wait to be applied (<c>Led:MaxQueuedCommands</c>).</summary>
    public int MaxQueuedCommands { get; init; } = Control.LedController.DefaultMaxQueuedCommands;

    /// <summary>Gets the time between two steps of a fade (<c>Led:FadeStepInterval</c>), which bounds how often the LED is written.</summary>
    public TimeSpan FadeStepInterval { get; init; } = Control.LedController.DefaultFadeStepInterval;

    /// <summary>Gets the push button's pin and what its presses do (<c>Button</c>); no button when its pin is empty.</summary>
    public ButtonSettings Button { get; init; } = new();

    /// <summary>Gets how long a stop waits for queued LED changes to be applied, before clients are closed and again before the LED goes off.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets a wrapper put around the LED controller as the server's message handler (a test's fault injection), or null.</summary>
    public Func<IMessageHandler, IMessageHandler>? DecorateHandler { get; init; }

    /// <summary>The options that validated <paramref name="settings"/> describe.</summary>
    public static EspWsHostOptions From(EspWsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new EspWsHostOptions
        {
            LedPin = settings.Led.Pin,
            Server = settings.Server,
            Security = settings.Security,
            MaxQueuedCommands = settings.Led.MaxQueuedCommands,
            FadeStepInterval = settings.Led.FadeStepInterval,
            Button = settings.Button,
        };
    }
}
