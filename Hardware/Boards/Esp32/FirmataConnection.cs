using System.Net;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>An open stream to a Firmata device and the device's address on that link.</summary>
/// <param name="Stream">A blocking, readable and writable stream; whoever holds the connection disposes it.</param>
/// <param name="Address">The device's IP address over TCP; <see cref="IPAddress.None"/> over a serial port, which has none.</param>
public sealed record FirmataConnection(Stream Stream, IPAddress Address);
