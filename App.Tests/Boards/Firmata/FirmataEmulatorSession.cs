using System.Buffers;
using System.IO.Pipelines;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// One link between the host and the emulated chip: reads Firmata messages from the host and answers the queries
/// ArduinoBoard makes at start (version, firmware, capabilities, analog mapping, system variables, pin state) as
/// ConfigurableFirmata 3.4 does, recording pin modes and digital writes in the <see cref="FirmataChip"/>.
/// </summary>
public sealed class FirmataEmulatorSession
{
    private const byte StartSysex = 0xF0;
    private const byte EndSysex = 0xF7;

    private readonly FirmataChip _chip;
    private readonly PipeReader _fromHost;
    private readonly PipeWriter _toHost;
    private readonly List<byte> _message = [];
    private readonly Lock _sendGate = new();
    private Task _lastSend = Task.CompletedTask;

    public FirmataEmulatorSession(FirmataChip chip, PipeReader fromHost, PipeWriter toHost)
    {
        _chip = chip;
        _fromHost = fromHost;
        _toHost = toHost;
        _chip.Reported += OnReported;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Ends when the host closes the link or the session is dropped.</summary>
    public Task Completion { get; }

    /// <summary>Sends <paramref name="bytes"/> to the host as they are (a boot log, an announcement, noise).</summary>
    public Task SendAsync(byte[] bytes) => InTurn(async () =>
    {
        try
        {
            await _toHost.WriteAsync(bytes);
        }
        catch (InvalidOperationException)
        {
            // The link is closed: nobody hears it, as with a real chip.
        }
    });

    /// <summary>Cuts the link from the chip's side: the host's next read sees the end of the stream.</summary>
    public async Task DropAsync()
    {
        _fromHost.CancelPendingRead();
        await Completion;
    }

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                ReadResult result = await _fromHost.ReadAsync();
                byte[] received = result.Buffer.ToArray();
                _fromHost.AdvanceTo(result.Buffer.End);
                _chip.CountFromHost(received.Length);
                foreach (byte b in received)
                {
                    await ConsumeAsync(b);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host closed the link while a reply was being written.
        }
        catch (InvalidOperationException)
        {
            // The host closed the link while a reply was being written.
        }
        finally
        {
            _chip.Reported -= OnReported;
            await _toHost.CompleteAsync();
            await _fromHost.CompleteAsync();
        }
    }

    private async Task ConsumeAsync(byte b)
    {
        if (_chip.IsHung)
        {
            return;
        }

        if (b >= 0x80 && !(b == EndSysex && _message.Count > 0 && _message[0] == StartSysex))
        {
            _message.Clear();
        }

        if (_message.Count == 0 && b < 0x80)
        {
            return;
        }

        _message.Add(b);
        if (IsComplete())
        {
            byte[] message = [.. _message];
            _message.Clear();
            await HandleAsync(message);
        }
    }

    private bool IsComplete() => _message[0] switch
    {
        StartSysex => _message[^1] == EndSysex,
        0xF9 or 0xFF => true,
        0xF4 or 0xF5 => _message.Count == 3,
        >= 0xC0 and <= 0xDF => _message.Count == 2,
        >= 0x90 and <= 0x9F or >= 0xE0 and <= 0xEF => _message.Count == 3,
        _ => true,
    };

    private async Task HandleAsync(byte[] message)
    {
        switch (message[0])
        {
            case 0xF9:
                await SendReplyAsync(FirmataBoot.VersionReport);
                break;
            case 0xFF:
                _chip.SystemReset();
                break;
            case 0xF4:
                _chip.SetMode(message[1], message[2]);
                break;
            case 0xF5:
                _chip.Write(message[1], message[2] != 0);
                break;
            case >= 0xE0 and <= 0xEF:
                _chip.AnalogWrite(message[0] & 0x0F, message[1] | (message[2] << 7));
                break;
            case >= 0xD0 and <= 0xDF:
                _chip.ReportDigital(message[0] & 0x0F, message[1] != 0);
                break;
            case StartSysex when message.Length >= 3:
                await HandleSysexAsync(message[1], message.AsSpan(2, message.Length - 3).ToArray());
                break;
        }
    }

    private async Task HandleSysexAsync(byte command, byte[] data)
    {
        switch (command)
        {
            case 0x79:
                await SendReplyAsync(FirmataBoot.FirmwareReport);
                break;
            case 0x6B:
                await SendReplyAsync([StartSysex, 0x6C, .. Capabilities(), EndSysex]);
                break;
            case 0x69:
                await SendReplyAsync([StartSysex, 0x6A, .. Enumerable.Repeat((byte)0x7F, FirmataChip.PinCount), EndSysex]);
                break;
            case 0x66:
                // SYSTEM_VARIABLE: echoed with the value 0, so the host reads "no system variables" and goes on.
                await SendReplyAsync([StartSysex, 0x66, .. data, EndSysex]);
                break;
            case 0x6F when data.Length >= 2:
                // EXTENDED_ANALOG: the pin, then the value in 7-bit bytes, low first.
                _chip.AnalogWrite(data[0], data.Skip(1).Select((b, i) => b << (7 * i)).Sum());
                break;
            case 0x6D when data.Length == 1:
                (byte mode, byte state) = _chip.State(data[0]);
                await SendReplyAsync([StartSysex, 0x6E, data[0], mode, state, EndSysex]);
                break;
        }
    }

    // The chip reports on every link, as the firmware writes to its one serial or TCP stream.
    private void OnReported(byte[] message) => _ = SendAsync(message);

    private static IEnumerable<byte> Capabilities()
    {
        for (int pin = 0; pin < FirmataChip.PinCount; pin++)
        {
            foreach ((byte mode, byte resolution) in FirmataChip.ModesOf(pin))
            {
                yield return mode;
                yield return resolution;
            }

            yield return 0x7F;
        }
    }

    private Task SendReplyAsync(byte[] reply) => InTurn(async () =>
    {
        FlushResult result = await _toHost.WriteAsync(reply);
        if (result.IsCompleted)
        {
            throw new OperationCanceledException("The host closed the link.");
        }
    });

    // The pipe takes one writer at a time: replies and what a test sends go out one after another.
    private Task InTurn(Func<Task> send)
    {
        lock (_sendGate)
        {
            _lastSend = After(_lastSend, send);
            return _lastSend;
        }
    }

    private static async Task After(Task previous, Func<Task> send)
    {
        try
        {
            await previous;
        }
        catch (OperationCanceledException)
        {
            // The previous reply found the link closed; this one will say so for itself.
        }

        await send();
    }
}
