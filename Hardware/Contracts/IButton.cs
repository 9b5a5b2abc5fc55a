namespace EspWs.Hardware;

/// <summary>A push button, as Meadow's <c>Meadow.Peripherals.Sensors.Buttons.IButton</c>: press, release, click and long click.</summary>
/// <remarks>Events may be raised on any thread, one at a time, never while a handler of the same button runs.</remarks>
public interface IButton
{
    /// <summary>Raised when the button goes down.</summary>
    event EventHandler PressStarted;

    /// <summary>Raised when the button comes up.</summary>
    event EventHandler PressEnded;

    /// <summary>Raised when the button comes up after a press shorter than <see cref="LongClickedThreshold"/>.</summary>
    event EventHandler Clicked;

    /// <summary>Raised when the button comes up after a press of at least <see cref="LongClickedThreshold"/>.</summary>
    event EventHandler LongClicked;

    /// <summary>Raised when a second click follows a click within the double-click window; EspWs's own, Meadow has none.</summary>
    /// <remarks>A button with no handler here reports each of the two clicks as <see cref="Clicked"/> at once; with one, a click waits out the window before it counts as single.</remarks>
    event EventHandler DoubleClicked;

    /// <summary>Whether the button is down now.</summary>
    bool State { get; }

    /// <summary>How long a press must last to be a long click (500 ms by default, as in Meadow).</summary>
    TimeSpan LongClickedThreshold { get; set; }
}
