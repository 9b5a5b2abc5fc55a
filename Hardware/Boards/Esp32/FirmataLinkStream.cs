namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// Wraps the stream to the chip and reports, once, that the link broke: the device closed it, or a read or write failed.
/// </summary>
/// <remarks>
/// ArduinoBoard's input thread never gives up on a stream: on end of stream it reads again at once, for ever. So
/// after a break this stream parks the reader until it is disposed, and the board, told of the break, disposes the
/// ArduinoBoard, which closes this stream and lets its thread end. A break seen while closing is no break.
/// Closing an ArduinoBoard sends a last command, and a write that throws there aborts the close before the input
/// thread is told to stop, leaving a foreground thread alive for ever: so before the client is closed the stream is
/// made quiet, and quiet writes are dropped.
/// </remarks>
internal sealed class FirmataLinkStream : Stream
{
    private readonly Stream _inner;
    private readonly Action<FirmataLinkStream, string> _onBroken;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _broken;
    private volatile bool _closing;
    private volatile bool _quiet;

    public FirmataLinkStream(Stream inner, Action<FirmataLinkStream, string> onBroken)
    {
        _inner = inner;
        _onBroken = onBroken;
    }

    /// <summary>Whether the link was found broken.</summary>
    public bool IsBroken => Volatile.Read(ref _broken) != 0;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException("A link has no length.");

    public override long Position
    {
        get => throw new NotSupportedException("A link has no position.");
        set => throw new NotSupportedException("A link has no position.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_closing && Volatile.Read(ref _broken) == 0)
        {
            try
            {
                int read = _inner.Read(buffer);
                if (read > 0)
                {
                    return read;
                }

                Break("the ESP32 closed the link");
            }
            catch (Exception ex) when (IsLinkFailure(ex))
            {
                Break($"reading from the ESP32 failed: {ex.Message}");
            }
        }

        _closed.Task.Wait();
        return 0;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (ThrowIfUnusable())
        {
            return;
        }

        try
        {
            _inner.Write(buffer);
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            throw Failed("writing to", ex);
        }
    }

    public override void Flush()
    {
        if (ThrowIfUnusable())
        {
            return;
        }

        try
        {
            _inner.Flush();
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            throw Failed("flushing to", ex);
        }
    }

    /// <summary>Declares the link broken although no read or write failed (the chip stopped answering), once.</summary>
    public void Abandon(string reason) => Break($"the ESP32 stopped answering: {reason}");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A link cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A link has no length.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closing)
        {
            _closing = true;
            _closed.TrySetResult();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool IsLinkFailure(Exception ex) =>
        ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or TimeoutException;

    /// <summary>Drops every later write and ignores every later failure: the client on this stream is about to be closed.</summary>
    public void Quiesce() => _quiet = true;

    // True when the write is to be dropped.
    private bool ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        if (_quiet)
        {
            return true;
        }

        if (Volatile.Read(ref _broken) != 0)
        {
            throw new IOException("The link to the ESP32 is lost.");
        }

        return false;
    }

    private IOException Failed(string what, Exception ex)
    {
        string reason = $"{what} the ESP32 failed: {ex.Message}";
        Break(reason);
        return new IOException($"The link to the ESP32 is lost: {reason}", ex);
    }

    private void Break(string reason)
    {
        if (!_closing && !_quiet && Interlocked.Exchange(ref _broken, 1) == 0)
        {
            _onBroken(this, reason);
        }
    }
}
