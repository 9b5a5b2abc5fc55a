namespace EspWs.App.Control;

/// <summary>What a text message is to the LED: not a command (only echoed), a command, or a command that is refused.</summary>
public enum LedParse
{
    /// <summary>Not a command: the message is only echoed.</summary>
    NotACommand,

    /// <summary>A valid command.</summary>
    Command,

    /// <summary>A command that is malformed or out of range: the sender is told why, and the LED is unchanged.</summary>
    Invalid,
}
