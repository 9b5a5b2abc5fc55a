using System.Text;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;

namespace EspWs.App.Control;

/// <summary>
/// Lets a WebSocket client hold the simulated board's push button down and let it go (<c>BUTTON DOWN</c>, <c>BUTTON UP</c>),
/// as the control page does, so the button can be tried without hardware; every other message goes on to the LED.
/// </summary>
/// <remarks>
/// The press reaches the board's pin, so it takes the path a real one does: the port's debounce, the push button's
/// click, long click and double click, the button's door. Only the composition root builds this, and only for the
/// simulated board with <c>Button:Pin</c> set; on a real board these words are echoed and nothing else.
/// </remarks>
public sealed class SimulatedButtonPresser(IMessageHandler next, SimulatedBoard board, IPin pin) : IMessageHandler
{
    /// <inheritdoc/>
    public void OnMessage(IClientConnection client, Opcode opcode, ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> text = payload.Trim(" \t\r\n"u8);
        if (opcode == Opcode.Text && Ascii.EqualsIgnoreCase(text, "BUTTON DOWN"u8))
        {
            board.PressButton(pin);
        }
        else if (opcode == Opcode.Text && Ascii.EqualsIgnoreCase(text, "BUTTON UP"u8))
        {
            board.ReleaseButton(pin);
        }
        else
        {
            next.OnMessage(client, opcode, payload);
        }
    }
}
