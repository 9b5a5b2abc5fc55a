using EspWs.Hardware;
using EspWs.Hardware.Boards;
using EspWs.Hardware.Peripherals;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Boards;

/// <summary>Opens the LED and the push button on the board's pins that configuration names, and says which key is wrong when a pin cannot serve.</summary>
/// <remarks>
/// A board says what a pin cannot do with <see cref="NotSupportedException"/> and its reason. Here that reason gets the
/// configuration key in front: a pin that cannot be the LED or the button stops the start with one line
/// (<see cref="BoardUnavailableException"/>), while an LED pin that can switch but not dim is kept as an on/off
/// <see cref="Led"/>, with one Information line saying why; the app knows it cannot dim because the LED is no
/// <see cref="IPwmLed"/>.
/// </remarks>
public static class BoardPeripherals
{
    /// <summary>Opens the LED on the pin <paramref name="key"/> names: a <see cref="PwmLed"/> where the board can dim it, an on/off <see cref="Led"/> otherwise; the caller disposes it.</summary>
    /// <exception cref="BoardUnavailableException">The board has no such pin, or the pin cannot drive an LED; the one line names the key.</exception>
    public static ILed OpenLed(IBoard board, string key, string pinName, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(log);
        IPin pin = Resolve(board, key, pinName);
        try
        {
            return new PwmLed(pin, time);
        }
        catch (NotSupportedException dimming)
        {
            try
            {
                ILed led = new Led(pin, time);
                log.LogInformation("{Key} = '{Pin}' cannot dim on board '{Board}', so the LED is on/off: {Reason}", key, pinName, board.Name, dimming.Message);
                return led;
            }
            catch (NotSupportedException ex)
            {
                throw Refused(board, key, pinName, "drive an LED", ex);
            }
        }
    }

    /// <summary>Opens a push button to ground on the pin <paramref name="key"/> names, with the board's internal pull-up; the caller disposes it.</summary>
    /// <exception cref="BoardUnavailableException">The board has no such pin, or the pin cannot be an input with a pull-up; the one line names the key.</exception>
    public static PushButton OpenButton(IBoard board, string key, string pinName, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(board);
        IPin pin = Resolve(board, key, pinName);
        try
        {
            return new PushButton(pin, ResistorMode.InternalPullUp, time);
        }
        catch (NotSupportedException ex)
        {
            throw Refused(board, key, pinName, "be a push button", ex);
        }
    }

    private static IPin Resolve(IBoard board, string key, string pinName) =>
        board.Pins.TryGet(pinName, out IPin? pin)
            ? pin
            : throw new BoardUnavailableException(
                $"{key} = '{pinName}' is not a pin of board '{board.Name}': {string.Join(", ", board.Pins.AllPins.Select(p => p.Name))}.");

    private static BoardUnavailableException Refused(IBoard board, string key, string pinName, string use, NotSupportedException reason) =>
        new($"{key} = '{pinName}' cannot {use} on board '{board.Name}': {reason.Message}", reason);
}
