using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>
/// Drives the app's own FrameReader as ConnectionSlot.ReceiveLoopAsync does, with the fuzzer's reads in place of
/// the socket, and returns what a client would observe in the same lines as <see cref="FrameLoopModel"/>.
/// </summary>
internal static class FrameReaderRun
{
    /// <summary>The smallest receive buffer a slot can have (ConnectionSlot's MinReceiveBuffer), the hardest case.</summary>
    public const int BufferBytes = 256;

    /// <summary>Feeds <paramref name="wire"/> to a fresh reader in the schedule's reads; the first read is the bytes left behind the handshake.</summary>
    public static List<string> Run(ReadOnlySpan<byte> wire, SplitSchedule schedule, bool discarding)
    {
        var results = new List<string>();
        byte[] buffer = new byte[BufferBytes];
        using var message = new MessageBuffer(64, FrameLoopModel.MaxMessageBytes);
        var reader = new FrameReader(buffer, message);

        // Frames that came in the handshake's last read sit at the end of the buffer, behind the request head.
        int fed = schedule.Next(wire.Length, minimum: 0);
        fed = Math.Min(fed, BufferBytes);
        wire[..fed].CopyTo(buffer.AsSpan(BufferBytes - fed));
        reader.Reset(BufferBytes - fed, fed);
        reader.Discarding = discarding;
        while (true)
        {
            FrameEvent next = reader.Read();
            switch (next.Kind)
            {
                case FrameEventKind.NeedMoreData:
                    if (fed == wire.Length)
                    {
                        results.Add("end");
                        return results;
                    }

                    Span<byte> space = reader.GetReceiveSpace().Span;
                    Check(space.Length > 0, "GetReceiveSpace always leaves room to receive into");
                    int count = Math.Min(schedule.Next(wire.Length - fed, minimum: 1), space.Length);
                    wire.Slice(fed, count).CopyTo(space);
                    fed += count;
                    reader.OnReceived(count);
                    break;
                case FrameEventKind.Message:
                    Check(!discarding, "a discarding reader reports no message");
                    EchoChecks.Verify(message, next.Opcode);
                    results.Add($"{next.Opcode} {Convert.ToHexString(message.Payload)}");
                    message.Reset();
                    break;
                case FrameEventKind.Ping:
                    Check(!discarding, "a discarding reader reports no ping");
                    Check(reader.ControlPayload.Length <= FrameHeaderParser.MaxControlPayloadLength, "a ping payload fits a control frame");
                    results.Add($"pong {Convert.ToHexString(reader.ControlPayload.Span)}");
                    break;
                case FrameEventKind.Pong:
                    Check(!discarding, "a discarding reader reports no pong");
                    results.Add("pong ignored");
                    break;
                case FrameEventKind.Close:
                    results.Add($"close {next.Code}");
                    return results;
                default:
                    Check(next.Kind == FrameEventKind.Failed && next.Code is 1002 or 1007 or 1009 && next.Reason.Length > 0, "a failure has a close code and a reason");
                    results.Add($"fail {next.Code} {next.Reason}");
                    return results;
            }
        }
    }
}
