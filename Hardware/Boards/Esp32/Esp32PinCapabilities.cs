namespace EspWs.Hardware.Boards.Esp32;

/// <summary>What an ESP32 GPIO can do, as the ESP32 datasheet's pin table lists it.</summary>
[Flags]
public enum Esp32PinCapabilities
{
    /// <summary>Nothing: the pin is reserved (the SPI flash pins).</summary>
    None = 0,

    /// <summary>The pin can be read as a digital input.</summary>
    DigitalInput = 1,

    /// <summary>The pin can drive a digital output.</summary>
    DigitalOutput = 2,

    /// <summary>The pin can carry the LED PWM controller's output.</summary>
    Pwm = 4,

    /// <summary>The pin is an ADC channel (ADC2 channels only work while Wi-Fi is off).</summary>
    AnalogInput = 8,
}
