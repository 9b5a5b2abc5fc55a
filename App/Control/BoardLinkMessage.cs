namespace EspWs.App.Control;

/// <summary>
/// The JSON messages that tell clients the board's link was lost or is back: <c>{"type":"board","link":"lost"}</c>
/// and <c>{"type":"board","link":"up"}</c> (docs/protocol.md fixes the schema).
/// </summary>
public static class BoardLinkMessage
{
    /// <summary>The link to the board was lost: commands still change the state, which the LED takes when the link returns.</summary>
    public static ReadOnlyMemory<byte> Lost { get; } = Server.ServerFrames.Text("""{"type":"board","link":"lost"}"""u8);

    /// <summary>The link to the board is back, and the LED shows the state last told.</summary>
    public static ReadOnlyMemory<byte> Up { get; } = Server.ServerFrames.Text("""{"type":"board","link":"up"}"""u8);
}
