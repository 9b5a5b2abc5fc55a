namespace EspWs.Hardware.Boards.Esp32;

/// <summary>Opens a byte stream to a Firmata device: a serial port, a TCP socket, or a test's emulator.</summary>
public interface IFirmataTransport
{
    /// <summary>The link for people and log lines (<c>serial:/dev/ttyUSB0@115200</c>).</summary>
    string Description { get; }

    /// <summary>Whether the link runs over the chip's UART0, so GPIO1 and GPIO3 carry the link itself.</summary>
    bool UsesSerialConsole { get; }

    /// <summary>Whether the stream has its own flow control (TCP does), which lets the Firmata client send in bulk.</summary>
    bool HasFlowControl { get; }

    /// <summary>Opens a new stream to the device; the caller owns it.</summary>
    /// <exception cref="IOException">The device cannot be reached; the message says why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    Task<FirmataConnection> OpenAsync(CancellationToken cancellationToken);
}
