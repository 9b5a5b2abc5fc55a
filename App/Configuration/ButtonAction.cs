namespace EspWs.App.Configuration;

/// <summary>What a press of the push button does to the LED (<c>Button:Click</c>, <c>Button:DoubleClick</c>, <c>Button:LongClick</c>).</summary>
public enum ButtonAction
{
    /// <summary>Nothing: the press is only told to every client, MQTT and Home Assistant.</summary>
    None,

    /// <summary>Invert the LED.</summary>
    Toggle,

    /// <summary>Light the LED at its last brightness.</summary>
    On,

    /// <summary>Put the LED out.</summary>
    Off,

    /// <summary>Brighten by <c>Button:BrightnessStep</c> percentage points (at most 100 %), lighting the LED.</summary>
    BrightnessUp,

    /// <summary>Dim by <c>Button:BrightnessStep</c> percentage points (at least 1 %), lighting the LED.</summary>
    BrightnessDown,
}
