using System.Device.Pwm;
using Iot.Device.Arduino;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// One pin driven as PWM over Firmata: SET_PIN_MODE to PWM once, then one ANALOG_MESSAGE (3 bytes, pins 0 to 15) or
/// EXTENDED_ANALOG (6 bytes) per change, only when the value at the firmware's resolution changes.
/// </summary>
/// <remarks>
/// ArduinoBoard's channel writes every duty cycle it is given; at 8 bits a fade asks for the same value many times over,
/// so the duty cycle is rounded to the resolution the capability report gives and repeats are not sent. The firmware
/// chooses the frequency (ConfigurableFirmata drives the ESP32's LEDC at its own; Firmata has no message to set it).
/// </remarks>
internal sealed class FirmataPwmOutput
{
    private readonly PwmChannel _channel;
    private readonly int _maxValue;
    private int _value;

    /// <summary>Makes <paramref name="gpio"/> a PWM output at <paramref name="dutyCycle"/>.</summary>
    public FirmataPwmOutput(ArduinoBoard firmata, int gpio, double dutyCycle)
    {
        int bits = firmata.SupportedPinConfigurations.First(pin => pin.Pin == gpio).PwmResolutionBits;
        _maxValue = (1 << bits) - 1;
        _value = ValueOf(dutyCycle);
        _channel = firmata.CreatePwmChannel(0, gpio, 1000, DutyOf(_value));
        _channel.Start();
    }

    /// <summary>Sets the duty cycle, sending it only when its value at the firmware's resolution changes.</summary>
    public void Write(double dutyCycle)
    {
        int value = ValueOf(dutyCycle);
        if (value != _value)
        {
            _value = value;
            _channel.DutyCycle = DutyOf(value);
        }
    }

    /// <summary>Drives the pin low and makes it an input again, freeing it.</summary>
    public void Close() => _channel.Dispose();

    private int ValueOf(double dutyCycle) => (int)Math.Round(dutyCycle * _maxValue);

    // ArduinoBoard truncates duty × max: half a step up lands it on the value meant.
    private double DutyOf(int value) => Math.Min(1, (value + 0.5) / _maxValue);
}
