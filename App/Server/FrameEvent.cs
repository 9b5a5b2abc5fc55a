using EspWs.App.Server.Protocol;

namespace EspWs.App.Server;

/// <summary>What the <see cref="FrameReader"/> found next in the bytes received so far.</summary>
internal enum FrameEventKind
{
    /// <summary>More bytes are needed: receive into <see cref="FrameReader.GetReceiveSpace"/>.</summary>
    NeedMoreData,

    /// <summary>
    /// The frame just read needs message memory the budget has not got free for this client now: read nothing more
    /// until <see cref="FrameReader.WhenMemoryAsync"/> completes, then call <see cref="FrameReader.Read"/> again.
    /// </summary>
    NeedMemory,

    /// <summary>A complete, valid message is in the message buffer.</summary>
    Message,

    /// <summary>A ping arrived; its payload is <see cref="FrameReader.ControlPayload"/>.</summary>
    Ping,

    /// <summary>A pong arrived.</summary>
    Pong,

    /// <summary>A valid close frame arrived, with <see cref="FrameEvent.Code"/> (1005 when it carried none).</summary>
    Close,

    /// <summary>The peer broke the protocol; fail the connection with <see cref="FrameEvent.Code"/>.</summary>
    Failed,
}

/// <summary>One result of <see cref="FrameReader.Read"/>: its kind and, where it has one, a close code and reason.</summary>
internal readonly record struct FrameEvent(FrameEventKind Kind, Opcode Opcode = Opcode.Continuation, ushort Code = 0, string Reason = "")
{
    public static readonly FrameEvent NeedMoreData = new(FrameEventKind.NeedMoreData);

    public static readonly FrameEvent NeedMemory = new(FrameEventKind.NeedMemory);

    public static FrameEvent Failed(ushort code, string reason) => new(FrameEventKind.Failed, Code: code, Reason: reason);
}
