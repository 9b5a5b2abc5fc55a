namespace EspWs.Hardware;

/// <summary>Something that can drive pins as PWM outputs, as Meadow's <c>IPwmOutputController</c>.</summary>
public interface IPwmOutputController : IPinController
{
    /// <summary>Opens <paramref name="pin"/> as a PWM output, stopped, at <paramref name="frequency"/> and <paramref name="dutyCycle"/>; the caller owns and disposes the port.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="pin"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pin"/> belongs to another controller.</exception>
    /// <exception cref="InvalidOperationException">The pin already has an open port; the message names the pin.</exception>
    /// <exception cref="NotSupportedException">The pin cannot do PWM on this board; the message says why.</exception>
    /// <exception cref="ObjectDisposedException">The controller has been disposed.</exception>
    IPwmPort CreatePwmPort(IPin pin, Frequency frequency, float dutyCycle = 0.5f, bool invert = false);
}
