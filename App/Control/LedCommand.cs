namespace EspWs.App.Control;

/// <summary>The text commands that drive the LED (docs/protocol.md).</summary>
public enum LedCommand
{
    /// <summary>Light the LED.</summary>
    On,

    /// <summary>Put the LED out.</summary>
    Off,

    /// <summary>Invert the LED.</summary>
    Toggle,

    /// <summary>Report the LED's state to the sender only.</summary>
    Status,
}
