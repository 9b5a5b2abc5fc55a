using System.IO.Ports;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>A serial port's stream that closes the port itself when disposed, so one <see cref="IDisposable"/> owns the whole link.</summary>
internal sealed class SerialPortStream : Stream
{
    private readonly SerialPort _port;
    private readonly Stream _inner;

    public SerialPortStream(SerialPort port)
    {
        _port = port;
        _inner = port.BaseStream;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException("A serial port has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("A serial port has no position.");
        set => throw new NotSupportedException("A serial port has no position.");
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Flush() => _inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A serial port cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A serial port has no length.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _port.Dispose();
        }

        base.Dispose(disposing);
    }
}
