using Iot.Device.Arduino;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The pin rules of <see cref="Esp32Board"/>: which GPIO can be an output, a PWM output or an input, and with which bias.</summary>
/// <remarks>
/// From <see cref="Esp32PinMap"/>: the flash pins are never usable; the input-only pins (GPIO34 to 39) can be inputs
/// only, and have no internal pull resistors; UART0's pins are refused while the link is serial; a strapping pin is
/// allowed with a warning. Firmata has no pull-down mode, so an internal pull-down is refused everywhere. Once linked,
/// the firmware's own capability report is checked too.
/// </remarks>
public sealed partial class Esp32Board
{
    // Callers hold Gate.
    private void CheckUsable(PortRecord record)
    {
        Esp32PinInfo info = Esp32PinMap.Describe(record.Pin);
        string name = string.Equals(record.Pin.Name, info.Name, StringComparison.OrdinalIgnoreCase) ? info.Describe() : $"{record.Pin.Name} = {info.Describe()}";
        switch (info.Restriction)
        {
            case Esp32PinRestriction.Flash:
                throw new NotSupportedException($"{name} can never be used: {info.Note}.");
            case Esp32PinRestriction.InputOnly when record.Use != PinUse.Input:
                throw new NotSupportedException($"{name} cannot be {Article(record.Use)}: {info.Note}.");
            case Esp32PinRestriction.InputOnly when record.Resistor is ResistorMode.InternalPullUp or ResistorMode.InternalPullDown:
                throw new NotSupportedException($"{name} has no internal pull resistor ({info.Note}, without pull-ups or pull-downs): wire an external pull-up and use ExternalPullUp.");
            case Esp32PinRestriction.SerialConsole when _transport.UsesSerialConsole:
                throw new NotSupportedException($"{name} cannot be used while the board is linked over serial: {info.Note}.");
            case Esp32PinRestriction.Strapping:
                _logger.StrappingPin(name, info.Note);
                break;
        }

        if (record.Resistor == ResistorMode.InternalPullDown)
        {
            throw new NotSupportedException($"{name} cannot take an internal pull-down over Firmata, which has a pull-up mode only: wire the button to ground and use InternalPullUp.");
        }

        if (_session is { } session && !Offers(session.Firmata, record))
        {
            throw new NotSupportedException($"The firmware on the ESP32 does not offer {name} as {Article(record.Use)} (is ConfigurableFirmata's {Feature(record.Use)} built in?).");
        }
    }

    /// <summary>Whether the firmware's capability report lists the mode <paramref name="record"/> needs on its pin.</summary>
    private static bool Offers(ArduinoBoard firmata, PortRecord record)
    {
        SupportedMode mode = record.Use switch
        {
            PinUse.Output => SupportedMode.DigitalOutput,
            PinUse.Pwm => SupportedMode.Pwm,
            _ => record.Resistor == ResistorMode.InternalPullUp ? SupportedMode.InputPullup : SupportedMode.DigitalInput,
        };
        return firmata.SupportedPinConfigurations.FirstOrDefault(pin => pin.Pin == record.Gpio) is { } pin && pin.PinModes.Contains(mode);
    }

    private static string Article(PinUse use) => use switch
    {
        PinUse.Output => "an output",
        PinUse.Pwm => "a PWM output",
        _ => "an input",
    };

    private static string Feature(PinUse use) => use switch
    {
        PinUse.Output => "DigitalOutputFirmata",
        PinUse.Pwm => "AnalogOutputFirmata",
        _ => "DigitalInputFirmata",
    };
}
