namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The chip half of <see cref="FirmataLinkStream"/>: its health probe, its restarts, and handing the connection on.</summary>
internal sealed partial class FirmataLinkStream
{
    private const byte ReportVersion = 0xF9;
    private readonly Lock _probeGate = new();
    private ReadOnlyMemory<byte> _carry;
    private TaskCompletionSource? _probe;
    private byte[] _leftover = [];
    private volatile bool _restarted;
    private volatile bool _handedOver;

    /// <summary>Marks the end of the handshake: from now on a version or firmware report nobody asked for is a restart.</summary>
    public void Arm() => _filter.Arm();

    /// <summary>
    /// Asks the chip for its protocol version (one byte; the three-byte answer never reaches the client) and returns a
    /// task that completes when it answers. Callers must not write while the client writes.
    /// </summary>
    /// <exception cref="IOException">The link is lost.</exception>
    public Task Probe()
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        if (Volatile.Read(ref _broken) != 0 || _quiet)
        {
            throw new IOException("The link to the ESP32 is lost.");
        }

        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_probeGate)
        {
            _probe?.TrySetResult();
            _probe = answered;
        }

        _filter.CountProbe();
        WriteInner([ReportVersion]);
        return answered.Task;
    }

    /// <summary>
    /// After the chip restarted: gives the connection under this link to the next one, with the bytes read past the
    /// announcement, and leaves it open when this link is disposed. Null when the link broke in any other way.
    /// </summary>
    public (Stream Stream, byte[] Leftover)? HandOver()
    {
        if (!_restarted || _closing)
        {
            return null;
        }

        _handedOver = true;
        return (_inner, _leftover);
    }

    // Called on the client's input thread only.
    private int ReadChunk()
    {
        if (!_carry.IsEmpty)
        {
            int count = Math.Min(_carry.Length, _chunk.Length);
            _carry.Span[..count].CopyTo(_chunk);
            _carry = _carry[count..];
            return count;
        }

        return _inner.Read(_chunk);
    }

    private void Filter(int read)
    {
        FirmataInputFilter.Outcome outcome = _filter.Filter(_chunk.AsSpan(0, read), _ready, out int written, out int consumed);
        _readyOffset = 0;
        _readyCount = written;
        if (outcome == FirmataInputFilter.Outcome.ProbeAnswered)
        {
            lock (_probeGate)
            {
                _probe?.TrySetResult();
                _probe = null;
            }
        }
        else if (outcome == FirmataInputFilter.Outcome.Restarted)
        {
            // No more reads from the connection: the rest of this chunk, and of the carry, belongs to the next link.
            _leftover = [.. _chunk.AsSpan(consumed, read - consumed), .. _carry.Span];
            _carry = ReadOnlyMemory<byte>.Empty;
            _restarted = true;
            Break("the ESP32 restarted (it announced its firmware again: EN pressed, the watchdog or a brown-out)");
        }
    }
}
