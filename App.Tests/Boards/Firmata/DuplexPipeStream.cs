using System.Buffers;
using System.IO.Pipelines;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// One end of an in-memory duplex link: reads what the other end wrote to one pipe, writes to the other. Reads
/// block, as a serial port's do. Disposing it cancels a pending read (which then returns 0) and tells the other end
/// the link is closed, so a Firmata client's input thread can end.
/// </summary>
public sealed class DuplexPipeStream : Stream
{
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private volatile bool _disposed;

    public DuplexPipeStream(PipeReader input, PipeWriter output)
    {
        _input = input;
        _output = output;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_disposed)
        {
            return 0;
        }

        ReadResult result = _input.ReadAsync().AsTask().GetAwaiter().GetResult();
        if (result.IsCanceled)
        {
            return 0;
        }

        int count = (int)Math.Min(buffer.Length, result.Buffer.Length);
        result.Buffer.Slice(0, count).CopyTo(buffer);
        _input.AdvanceTo(result.Buffer.GetPosition(count));
        return count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _output.Write(buffer);
        FlushResult result = _output.FlushAsync().AsTask().GetAwaiter().GetResult();
        if (result.IsCompleted)
        {
            throw new IOException("The other end closed the link.");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _input.CancelPendingRead();
            _output.Complete();
        }

        base.Dispose(disposing);
    }
}
