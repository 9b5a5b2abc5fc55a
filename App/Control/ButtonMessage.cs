namespace EspWs.App.Control;

/// <summary>
/// The JSON messages that tell every client of a press of the button: <c>{"type":"button","event":"click"}</c>, with
/// <c>double-click</c> and <c>long-click</c> (docs/protocol.md fixes the schema).
/// </summary>
public static class ButtonMessage
{
    private static readonly ReadOnlyMemory<byte>[] Frames =
    [
        Server.ServerFrames.Text("""{"type":"button","event":"click"}"""u8),
        Server.ServerFrames.Text("""{"type":"button","event":"double-click"}"""u8),
        Server.ServerFrames.Text("""{"type":"button","event":"long-click"}"""u8),
    ];

    /// <summary>The name of <paramref name="press"/> on every channel: <c>click</c>, <c>double-click</c>, <c>long-click</c>.</summary>
    public static string Name(ButtonEvent press) => press switch
    {
        ButtonEvent.Click => "click",
        ButtonEvent.DoubleClick => "double-click",
        _ => "long-click",
    };

    /// <summary>The frame that tells a client of <paramref name="press"/>, built once.</summary>
    public static ReadOnlyMemory<byte> Frame(ButtonEvent press) => Frames[(int)press];
}
