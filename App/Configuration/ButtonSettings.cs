namespace EspWs.App.Configuration;

/// <summary>The <c>Button</c> section: the push button's pin and what each kind of press does.</summary>
public sealed class ButtonSettings : ISettingsSection
{
    /// <summary>Gets or sets the board's name for the button's pin (wired to ground, with the pull-up on); empty: no button.</summary>
    public string Pin { get; set; } = "";

    /// <summary>Gets or sets what a click does (a press shorter than <see cref="LongClickThreshold"/>).</summary>
    public ButtonAction Click { get; set; } = ButtonAction.Toggle;

    /// <summary>Gets or sets what a double click does; other than None, a click waits out the double-click window before it acts.</summary>
    public ButtonAction DoubleClick { get; set; } = ButtonAction.None;

    /// <summary>Gets or sets what a long click does (a press of at least <see cref="LongClickThreshold"/>, counted when released).</summary>
    public ButtonAction LongClick { get; set; } = ButtonAction.None;

    /// <summary>Gets or sets the percentage points BrightnessUp and BrightnessDown move the brightness by.</summary>
    public int BrightnessStep { get; set; } = 25;

    /// <summary>Gets or sets how long a press must last to be a long click.</summary>
    public TimeSpan LongClickThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets how long the contact must stay still before a change counts, so a bouncing contact is one press.</summary>
    public TimeSpan DebounceDuration { get; set; } = TimeSpan.FromMilliseconds(50);
}
