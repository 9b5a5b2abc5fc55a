using System.Device.Gpio;
using System.Net;
using Iot.Device.Arduino;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>One live link to the chip: the Firmata client, its GPIO controller and the stream under them.</summary>
internal sealed class FirmataSession : IDisposable
{
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

    /// <summary>Closes the controller and the client; the client closes the stream and ends its input thread.</summary>
    public void Dispose()
    {
        try
        {
            Gpio.Dispose();
        }
        finally
        {
            Firmata.Dispose();
        }
    }
}
