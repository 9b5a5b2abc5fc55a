namespace EspWs.App.Control;

/// <summary>A press of the push button, as every door hears of it (the <c>event</c> of the button message).</summary>
public enum ButtonEvent
{
    /// <summary>A short press and release.</summary>
    Click,

    /// <summary>Two clicks within the double-click window.</summary>
    DoubleClick,

    /// <summary>A press held for at least <c>Button:LongClickThreshold</c>, reported when it is released.</summary>
    LongClick,
}
