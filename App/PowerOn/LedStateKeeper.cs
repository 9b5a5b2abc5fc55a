using System.Threading.Channels;
using EspWs.App.Control;
using Microsoft.Extensions.Logging;

namespace EspWs.App.PowerOn;

/// <summary>
/// Keeps the LED's last commanded state in its file: follows the controller's changes and saves them in the
/// background, so a slow or failing flash never holds a command.
/// </summary>
/// <remarks>
/// The queue holds one state, the newest, so a burst of changes costs one write; writes are at least
/// <see cref="MinimumSpacing"/> apart (the first change after a quiet spell is written at once), and a state equal to the
/// one on flash is not written again. At most one write a spacing, whatever the LED does (docs/deploy.md has the sums).
/// </remarks>
public sealed class LedStateKeeper : IAsyncDisposable
{
    /// <summary>The least time between two writes of the file, unless given otherwise.</summary>
    public static readonly TimeSpan DefaultSpacing = TimeSpan.FromSeconds(1);

    private readonly LedStateFile _file;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Channel<LedState> _newest = Channel.CreateBounded<LedState>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    private LedState? _saved;
    private bool _failing;

    /// <summary>Starts saving to <paramref name="file"/>, which holds <paramref name="saved"/> now (null when it holds no usable state).</summary>
    public LedStateKeeper(LedStateFile file, LedState? saved, ILogger<LedStateKeeper> log, TimeProvider time, TimeSpan? minimumSpacing = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _saved = saved;
        _log = log;
        _time = time;
        MinimumSpacing = minimumSpacing ?? DefaultSpacing;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The least time between two writes of the file.</summary>
    public TimeSpan MinimumSpacing { get; }

    /// <summary>Follows one change of the LED; returns at once (the write happens in the background). Hand it to <see cref="LedController.Changed"/>.</summary>
    public void OnChanged(LedChange change) => _newest.Writer.TryWrite(change.State);

    /// <summary>Saves the newest change not yet written (waiting at most <paramref name="timeout"/> for the flash), then stops.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _newest.Writer.TryComplete();
        // The spacing wait is cut short on stop; the final write itself still happens.
        await _stopping.CancelAsync();
        if (!await WaitAsync(_writer, timeout))
        {
            _log.LogWarning("The LED state file {File} was not written within {Timeout} at shutdown; the last change may not be kept.", _file.FilePath, timeout);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2));
        _stopping.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        while (await _newest.Reader.WaitToReadAsync(CancellationToken.None))
        {
            if (!_newest.Reader.TryRead(out LedState state) || state == _saved)
            {
                continue;
            }

            Save(state);
            await SpaceAsync();
        }
    }

    private void Save(LedState state)
    {
        try
        {
            _file.Save(state);
            _saved = state;
            if (_failing)
            {
                _failing = false;
                _log.LogInformation("The LED state is kept in {File} again.", _file.FilePath);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // One warning per outage: a read-only card would otherwise log on every command.
            if (!_failing)
            {
                _failing = true;
                _log.LogWarning("The LED state cannot be kept in {File} ({Reason}); commands keep working, but a restart will not bring the last state back (State:Directory).",
                    _file.FilePath, ex.Message);
            }
            else
            {
                _log.LogDebug("The LED state still cannot be kept in {File}: {Reason}", _file.FilePath, ex.Message);
            }
        }
    }

    private async Task SpaceAsync()
    {
        try
        {
            await Task.Delay(MinimumSpacing, _time, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the newest state still waiting is written at once.
        }
    }

    private static async Task<bool> WaitAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
