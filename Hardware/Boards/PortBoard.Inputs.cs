using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards;

/// <summary>The inputs half of <see cref="PortBoard"/>: levels a driver reports on its own thread, handed to the ports in order on another.</summary>
/// <remarks>
/// A driver's callback thread (ArduinoBoard's input thread, libgpiod's event thread) must not run the app's handlers:
/// one that waits for the hardware would wait for itself. So the callback only queues the level, and one reader hands
/// the levels, in order, to the ports, whose glitch and debounce filters do the rest. The queue keeps the latest
/// <see cref="InputQueueLength"/> levels: a contact bouncing faster than the app reads loses old bounces, never the
/// level it settles on.
/// </remarks>
public abstract partial class PortBoard
{
    private const int InputQueueLength = 256;

    private readonly ILogger _inputLogger;
    private readonly Channel<(int Gpio, bool Level)> _inputs = Channel.CreateBounded<(int, bool)>(
        new BoundedChannelOptions(InputQueueLength) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private Task? _inputReader;

    /// <summary>Queues <paramref name="level"/>, read on <paramref name="gpio"/>, for the input port open there; never waits.</summary>
    private protected void QueueInput(int gpio, bool level) => _inputs.Writer.TryWrite((gpio, level));

    /// <summary>Starts handing queued levels to the ports; a board that calls <see cref="QueueInput"/> calls this once, when made.</summary>
    /// <remarks>Until a level comes the reader is an awaited read, no thread.</remarks>
    private protected void StartInputs() => _inputReader = Task.Run(ReadInputsAsync);

    /// <summary>Stops taking levels and waits up to <paramref name="timeout"/> for the ones queued to be handed over.</summary>
    private protected void StopInputs(TimeSpan timeout)
    {
        _inputs.Writer.TryComplete();
        _inputReader?.Wait(timeout);
    }

    private async Task ReadInputsAsync()
    {
        await foreach ((int gpio, bool level) in _inputs.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            DigitalInterruptPort? port;
            lock (Gate)
            {
                port = OpenPortOn(gpio)?.Input;
            }

            try
            {
                // Outside the lock, so an edge handler may drive the board.
                port?.Report(level);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A handler's failure must not stop every later edge from being told.
                _inputLogger.LogError(ex, "A handler of the input on GPIO{Gpio} failed", gpio);
            }
        }
    }
}
