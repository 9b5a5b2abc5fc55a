namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// The stream a Firmata client talks to the chip through: reports, once, that the link broke (the device closed it, a
/// read or write failed, the chip stopped answering or restarted), and filters what passes (see
/// <see cref="FirmataInputFilter"/>).
/// </summary>
/// <remarks>
/// ArduinoBoard's input thread never gives up on a stream: on end of stream it reads again at once, for ever. So
/// after a break this stream parks the reader until it is disposed, and the board, told of the break, disposes the
/// ArduinoBoard, which closes this stream and lets its thread end. A break seen while closing is no break.
/// Closing an ArduinoBoard sends a last command, and a write that throws there aborts the close before the input
/// thread is told to stop, leaving a foreground thread alive for ever: so before the client is closed the stream is
/// made quiet, and quiet writes are dropped.
/// <para>
/// Iot.Device.Arduino may write SYSTEM_RESET (0xFF: its current source does whenever a client starts; 4.2.0 was not
/// seen to), and ConfigurableFirmata's stock sketch answers it by making every digital pin an output
/// driven LOW: the LED would go dark on a re-link, and whatever else is wired to the chip would be driven. So it is
/// never sent.
/// </para>
/// <para>
/// When the chip restarts with the link still open (EN pressed, the watchdog, a brown-out: a USB-serial adapter keeps
/// the port open), the connection under this stream is still good. The stream then stops reading it at the
/// announcement, and <see cref="HandOver"/> gives it, with the bytes read past the announcement, to the next link:
/// reopening a serial port would reset the chip again on most boards (DTR/RTS auto-reset).
/// </para>
/// </remarks>
internal sealed partial class FirmataLinkStream : Stream
{
    private const int ChunkBytes = 256;
    private readonly Stream _inner;
    private readonly Action<FirmataLinkStream, string> _onBroken;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FirmataInputFilter _filter = new();
    private readonly byte[] _chunk = new byte[ChunkBytes];
    private readonly byte[] _ready = new byte[ChunkBytes + FirmataInputFilter.MaxHeldBytes];
    private int _readyOffset;
    private int _readyCount;
    private int _broken;
    private volatile bool _closing;
    private volatile bool _quiet;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="carry"/> is what an earlier link read from it and left for this one.</summary>
    public FirmataLinkStream(Stream inner, ReadOnlyMemory<byte> carry, Action<FirmataLinkStream, string> onBroken)
    {
        _inner = inner;
        _carry = carry;
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
        while (_readyCount == 0 && !_closing && Volatile.Read(ref _broken) == 0)
        {
            try
            {
                int read = ReadChunk();
                if (read == 0)
                {
                    Break("the ESP32 closed the link");
                    break;
                }

                Filter(read);
            }
            catch (Exception ex) when (IsLinkFailure(ex))
            {
                Break($"reading from the ESP32 failed: {ex.Message}");
            }
        }

        if (_readyCount > 0)
        {
            int count = Math.Min(buffer.Length, _readyCount);
            _ready.AsSpan(_readyOffset, count).CopyTo(buffer);
            _readyOffset += count;
            _readyCount -= count;
            return count;
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

        Span<byte> kept = buffer.Length <= ChunkBytes ? stackalloc byte[buffer.Length] : new byte[buffer.Length];
        int length = 0;
        foreach (byte b in buffer)
        {
            if (_filter.Outgoing(b))
            {
                kept[length++] = b;
            }
        }

        WriteInner(kept[..length]);
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

    /// <summary>Drops every later write and ignores every later failure: the client on this stream is about to be closed.</summary>
    public void Quiesce() => _quiet = true;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A link cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A link has no length.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closing)
        {
            _closing = true;
            _closed.TrySetResult();
            if (!_handedOver)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static bool IsLinkFailure(Exception ex) =>
        ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or TimeoutException;

    private void WriteInner(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        try
        {
            _inner.Write(bytes);
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            throw Failed("writing to", ex);
        }
    }

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
            // Reasons end up inside log lines and messages that add their own full stop.
            _onBroken(this, reason.TrimEnd().TrimEnd('.'));
        }
    }
}
