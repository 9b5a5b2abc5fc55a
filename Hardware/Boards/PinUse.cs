namespace EspWs.Hardware.Boards;

/// <summary>What a port uses its pin for, so a board can say whether the pin can do it.</summary>
internal enum PinUse
{
    /// <summary>A digital output (<see cref="IDigitalOutputPort"/>).</summary>
    Output,

    /// <summary>A PWM output (<see cref="IPwmPort"/>).</summary>
    Pwm,

    /// <summary>A digital input with edge events (<see cref="IDigitalInterruptPort"/>).</summary>
    Input,
}
