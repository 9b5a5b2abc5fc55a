using System.IO.Ports;
using System.Net;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>Reaches ConfigurableFirmata over a USB serial port (<c>/dev/ttyUSB0</c>, <c>COM3</c>).</summary>
public sealed class SerialFirmataTransport : IFirmataTransport
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);
    private readonly string _portName;
    private readonly int _baudRate;

    /// <summary>Creates the transport for <paramref name="portName"/> at <paramref name="baudRate"/>; nothing is opened yet.</summary>
    public SerialFirmataTransport(string portName, int baudRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(portName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        _portName = portName;
        _baudRate = baudRate;
    }

    /// <inheritdoc/>
    public string Description => $"serial:{_portName}@{_baudRate}";

    /// <inheritdoc/>
    public bool UsesSerialConsole => true;

    /// <inheritdoc/>
    public bool HasFlowControl => false;

    /// <inheritdoc/>
    public Task<FirmataConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var port = new SerialPort(_portName, _baudRate)
        {
            // Reads block until data comes (the Firmata input thread waits there); a stuck write fails instead of hanging the LED.
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = (int)WriteTimeout.TotalMilliseconds,
        };
        try
        {
            port.Open();
            return Task.FromResult(new FirmataConnection(new SerialPortStream(port), IPAddress.None));
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new IOException($"Cannot open serial port {_portName}: {Reason(ex)}", ex);
        }
    }

    // On Linux a missing device also surfaces as UnauthorizedAccessException, so look for the device first.
    private string Reason(Exception ex) => ex switch
    {
        _ when !OperatingSystem.IsWindows() && !File.Exists(_portName) =>
            "no such port (is the ESP32 plugged in? ls /dev/ttyUSB* /dev/ttyACM*)",
        UnauthorizedAccessException => $"permission denied (add the user to the dialout group, or close the program that holds {_portName})",
        _ => ex.Message,
    };
}
