namespace EspWs.App.Configuration;

/// <summary>The state the LED takes when the app starts (<c>Led:PowerOnState</c>), as Tasmota's PowerOnState names it.</summary>
public enum LedPowerOnState
{
    /// <summary>The LED starts off, whatever it was before.</summary>
    Off,

    /// <summary>The LED starts lit, whatever it was before.</summary>
    On,

    /// <summary>The LED starts as it was last commanded before the app stopped, crashed or lost power.</summary>
    Last,
}
