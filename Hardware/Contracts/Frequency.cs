namespace EspWs.Hardware;

/// <summary>A frequency in hertz, standing in for Meadow's <c>Meadow.Units.Frequency</c> where a PWM port takes one.</summary>
/// <param name="Hertz">Cycles per second.</param>
public readonly record struct Frequency(double Hertz);
