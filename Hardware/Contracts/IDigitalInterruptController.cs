namespace EspWs.Hardware;

/// <summary>Something that can read pins as digital inputs with edge events, as Meadow's <c>IDigitalInterruptController</c>.</summary>
public interface IDigitalInterruptController : IPinController
{
    /// <summary>Opens <paramref name="pin"/> as an input biased by <paramref name="resistorMode"/> that reports the edges <paramref name="interruptMode"/> selects; the caller owns and disposes the port.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="pin"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pin"/> belongs to another controller.</exception>
    /// <exception cref="InvalidOperationException">The pin already has an open port; the message names the pin.</exception>
    /// <exception cref="NotSupportedException">The pin cannot be an input (or take that bias) on this board; the message says why.</exception>
    /// <exception cref="ObjectDisposedException">The controller has been disposed.</exception>
    IDigitalInterruptPort CreateDigitalInterruptPort(IPin pin, InterruptMode interruptMode, ResistorMode resistorMode, TimeSpan debounceDuration, TimeSpan glitchDuration);
}
