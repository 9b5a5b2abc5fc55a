namespace EspWs.Hardware;

/// <summary>How an input pin is biased when nothing drives it, as Meadow's <c>ResistorMode</c>.</summary>
public enum ResistorMode
{
    /// <summary>No bias: the pin floats unless the circuit drives it.</summary>
    Disabled,

    /// <summary>The board's internal pull-down: the pin reads low unless driven high.</summary>
    InternalPullDown,

    /// <summary>The board's internal pull-up: the pin reads high unless driven low (a button to ground).</summary>
    InternalPullUp,

    /// <summary>A pull-down resistor in the circuit; the board adds none.</summary>
    ExternalPullDown,

    /// <summary>A pull-up resistor in the circuit; the board adds none.</summary>
    ExternalPullUp,
}
