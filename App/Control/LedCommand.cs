namespace EspWs.App.Control;

/// <summary>What a request asks of the LED (docs/protocol.md has the words and the JSON that carry it).</summary>
public enum LedCommand
{
    /// <summary>Light the LED, at the request's brightness when it gives one, else at the last one.</summary>
    On,

    /// <summary>Put the LED out; a brightness given is kept for the next <see cref="On"/>.</summary>
    Off,

    /// <summary>Invert the LED.</summary>
    Toggle,

    /// <summary>Report the LED's state to the sender only.</summary>
    Status,

    /// <summary>Change the brightness by the request's step, between 1 and 100 percent, and light the LED.</summary>
    Step,
}
