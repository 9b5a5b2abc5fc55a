namespace EspWs.Hardware;

/// <summary>Something that can drive pins as digital outputs, as Meadow's <c>IDigitalOutputController</c>.</summary>
public interface IDigitalOutputController : IPinController
{
    /// <summary>Opens <paramref name="pin"/> as a digital output set to <paramref name="initialState"/>; the caller owns and disposes the port.</summary>
    /// <param name="pin">A pin of this controller.</param>
    /// <param name="initialState">The level the pin takes when the port opens (<see langword="true"/> is high).</param>
    /// <returns>An open port; disposing it frees the pin.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pin"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pin"/> belongs to another controller.</exception>
    /// <exception cref="InvalidOperationException">The pin already has an open port; the message names the pin.</exception>
    /// <exception cref="NotSupportedException">The pin cannot be an output on this board; the message says why.</exception>
    /// <exception cref="ObjectDisposedException">The controller has been disposed.</exception>
    IDigitalOutputPort CreateDigitalOutputPort(IPin pin, bool initialState = false);
}
