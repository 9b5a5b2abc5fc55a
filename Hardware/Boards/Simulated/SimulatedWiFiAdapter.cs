using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Hardware.Boards.Simulated;

/// <summary>A Wi-Fi adapter that joins any network after a short delay and reports the machine's own address.</summary>
/// <remarks>
/// One connect or disconnect runs at a time. State changes and their events happen under one lock, so a
/// handler sees the new state and a handler added meanwhile is told exactly once. Handlers run on the thread
/// that made the change while that lock is held: keep them short. A handler that throws is logged and the
/// others still run.
/// </remarks>
[SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "SemaphoreSlim holds no OS handle unless AvailableWaitHandle is read, which this type never does.")]
public sealed class SimulatedWiFiAdapter : WiFiAdapterBase
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly SimulatedWiFiOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a disconnected adapter.</summary>
    /// <param name="options">How long connecting takes and which address to report; the defaults when null.</param>
    /// <param name="timeProvider">The clock the connect delay and timeout run on; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Where log lines go; none are written when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The connect delay is negative.</exception>
    public SimulatedWiFiAdapter(SimulatedWiFiOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(logger ?? NullLogger.Instance)
    {
        _options = options ?? new SimulatedWiFiOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ConnectDelay, TimeSpan.Zero, nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public override async Task ConnectAsync(string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        WiFiConnectArguments.Validate(ssid, password, timeout);

        cancellationToken.ThrowIfCancellationRequested();
        using var timeoutSource = new CancellationTokenSource(timeout, _timeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        bool entered = false;
        try
        {
            await _oneAtATime.WaitAsync(attempt.Token).ConfigureAwait(false);
            entered = true;
            if (IsConnected && Ssid == ssid)
            {
                return;
            }

            MarkDisconnected($"switching to network '{ssid}'");
            _logger.WiFiConnecting(ssid);
            await Task.Delay(_options.ConnectDelay, _timeProvider, attempt.Token).ConfigureAwait(false);
            IPAddress address = _options.IpAddress ?? MachineAddress.Find();
            _logger.WiFiConnected(ssid, address);
            State.MarkConnected(ssid, address);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _logger.WiFiTimedOut(ssid, timeout);
            throw new TimeoutException($"Could not connect to Wi-Fi network '{ssid}' within {timeout}.");
        }
        finally
        {
            if (entered)
            {
                _oneAtATime.Release();
            }
        }
    }

    /// <inheritdoc/>
    public override async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            MarkDisconnected("disconnected by the app");
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private void MarkDisconnected(string reason)
    {
        if (State.MarkDisconnected(reason))
        {
            _logger.WiFiDisconnected(reason);
        }
    }
}
