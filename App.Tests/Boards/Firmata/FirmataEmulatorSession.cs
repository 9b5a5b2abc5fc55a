using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// One link between the host and the emulated chip: reads Firmata messages from the host and answers the queries
/// ArduinoBoard makes at start (version, firmware, capabilities, analog mapping, pin state), recording pin modes and
/// digital writes in the <see cref="FirmataChip"/>.
/// </summary>
public sealed class FirmataEmulatorSession
{
    private const byte StartSysex = 0xF0;
    private const byte EndSysex = 0xF7;
    private const string FirmwareName = "ConfigurableFirmata.ino";

    private readonly FirmataChip _chip;
    private readonly PipeReader _fromHost;
    private readonly PipeWriter _toHost;
    private readonly List<byte> _message = [];

    public FirmataEmulatorSession(FirmataChip chip, PipeReader fromHost, PipeWriter toHost)
    {
        _chip = chip;
        _fromHost = fromHost;
        _toHost = toHost;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Ends when the host closes the link or the session is dropped.</summary>
    public Task Completion { get; }

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
            await _toHost.CompleteAsync();
            await _fromHost.CompleteAsync();
        }
    }

    private async Task ConsumeAsync(byte b)
    {
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
                // Protocol 2.6: ArduinoBoard asks no system variables below 2.7.
                await SendAsync([0xF9, 2, 6]);
                break;
            case 0xF4:
                _chip.SetMode(message[1], message[2]);
                break;
            case 0xF5:
                _chip.Write(message[1], message[2] != 0);
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
                await SendAsync([StartSysex, 0x79, 2, 11, .. SevenBitPairs(FirmwareName), EndSysex]);
                break;
            case 0x6B:
                await SendAsync([StartSysex, 0x6C, .. Capabilities(), EndSysex]);
                break;
            case 0x69:
                await SendAsync([StartSysex, 0x6A, .. Enumerable.Repeat((byte)0x7F, FirmataChip.PinCount), EndSysex]);
                break;
            case 0x6D when data.Length == 1:
                (byte mode, byte state) = _chip.State(data[0]);
                await SendAsync([StartSysex, 0x6E, data[0], mode, state, EndSysex]);
                break;
        }
    }

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

    private static IEnumerable<byte> SevenBitPairs(string text) =>
        Encoding.ASCII.GetBytes(text).SelectMany(c => new[] { (byte)(c & 0x7F), (byte)(c >> 7) });

    private async Task SendAsync(byte[] reply)
    {
        FlushResult result = await _toHost.WriteAsync(reply);
        if (result.IsCompleted)
        {
            throw new OperationCanceledException("The host closed the link.");
        }
    }
}
