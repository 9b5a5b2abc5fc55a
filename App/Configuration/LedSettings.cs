namespace EspWs.App.Configuration;

/// <summary>The <c>Led</c> section: which of the board's named pins drives the LED, how many commands may wait for it, how often a fade steps, and the state it starts in.</summary>
public sealed class LedSettings : ISettingsSection
{
    /// <summary>Gets or sets the board's name for the LED pin, as in Meadow's <c>Device.Pins.OnboardLed</c>.</summary>
    public string Pin { get; set; } = "OnboardLed";

    /// <summary>Gets or sets how many LED commands may wait to be applied; one more is refused, and the LED left as it is.</summary>
    public int MaxQueuedCommands { get; set; } = Control.LedController.DefaultMaxQueuedCommands;

    /// <summary>Gets or sets the time between two steps of a fade: the LED is written at most once per interval while it fades (50 times a second by default).</summary>
    public TimeSpan FadeStepInterval { get; set; } = Control.LedController.DefaultFadeStepInterval;

    /// <summary>Gets or sets the state the LED takes at start: off, on, or as last commanded (kept under <c>State:Directory</c>).</summary>
    public LedPowerOnState PowerOnState { get; set; } = LedPowerOnState.Last;
}
