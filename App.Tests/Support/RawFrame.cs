using EspWs.App.Server.Protocol;

namespace EspWs.App.Tests.Support;

/// <summary>One frame as a raw test client read it from the server.</summary>
public sealed record RawFrame(bool Fin, int Rsv, Opcode Opcode, bool Masked, byte[] Payload)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);

    public ushort CloseCode => Payload.Length >= 2 ? (ushort)(Payload[0] << 8 | Payload[1]) : (ushort)1005;
}
