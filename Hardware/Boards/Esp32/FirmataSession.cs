using System.Device.Gpio;
using System.Net;
using Iot.Device.Arduino;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>One live link to the chip: the Firmata client, its GPIO controller and the stream under them.</summary>
internal sealed class FirmataSession : IDisposable
{
    private readonly CancellationTokenSource _ended = new();

    public FirmataSession(ArduinoBoard firmata, GpioController gpio, FirmataLinkStream link, IPAddress address)
    {
        Firmata = firmata;
        Gpio = gpio;
        Link = link;
        Address = address;
    }

    public ArduinoBoard Firmata { get; }

    public GpioController Gpio { get; }

    public FirmataLinkStream Link { get; }

    public IPAddress Address { get; }

    /// <summary>The pins this link drives as PWM, by GPIO; used under the board's lock.</summary>
    public Dictionary<int, FirmataPwmOutput> Pwm { get; } = [];

    /// <summary>Cancelled when the session is closed, so work that watches it (the health probe) stops.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Closes <paramref name="firmata"/> for certain, so its foreground input thread ends, whatever state the link is in.</summary>
    public static void Close(ArduinoBoard firmata, FirmataLinkStream link, GpioController? gpio = null)
    {
        link.Quiesce();
        try
        {
            gpio?.Dispose();
            firmata.Dispose();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or TimeoutException or InvalidOperationException)
        {
            // A close interrupted half-way has not yet stopped the input thread; closing again finishes it.
            firmata.Dispose();
        }
    }

    /// <summary>Closes the controller and the client; the client closes the stream and ends its input thread.</summary>
    public void Dispose()
    {
        _ended.Cancel();
        Close(Firmata, Link, Gpio);
    }
}
