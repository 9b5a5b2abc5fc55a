using System.Text;
using EspWs.App.Control;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace EspWs.App.Mqtt;

/// <summary>The loop that owns the link: connect, announce, publish what is pending, back off after a failure.</summary>
public sealed partial class MqttLink
{
    private async Task RunAsync(CancellationToken stop)
    {
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait = _settings.ReconnectInterval;
            bool wakeable = true;
            try
            {
                if (!_client.IsConnected)
                {
                    if (!await TryConnectAsync(stop))
                    {
                        failures++;
                        SetState(MqttLinkState.Lost);
                        wait = ReconnectBackoff.Delay(failures, _settings.ReconnectInterval);
                        // LED changes must not cut the backoff short, or a busy LED would hammer a broker that is down.
                        wakeable = false;
                    }
                    else
                    {
                        failures = 0;
                    }
                }

                if (_client.IsConnected)
                {
                    await PublishPendingAsync(stop);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
            {
                // The broker went away mid-publish; the flags are still set, so the next connect publishes again.
                _log.LogDebug("MQTT: publish failed ({Reason}); retrying after reconnecting.", ex.Message);
            }
#pragma warning disable CA1031 // The loop is the link's only owner: if it ended, the device would never rejoin its broker.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _log.LogError(ex, "MQTT: unexpected failure in the link; retrying after {Interval}.", _settings.ReconnectInterval);
                wakeable = false;
            }

            await WaitAsync(wait, wakeable, stop);
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken stop)
    {
        using var deadline = new CancellationTokenSource(_timeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        try
        {
            MqttClientConnectResult result = await _client.ConnectAsync(_options, attempt.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                ReportFailure(LogLevel.Error, $"the broker refused the device: {result.ResultCode} {result.ReasonString}".TrimEnd()
                    + "; check Mqtt:Username and the ESPWS_Mqtt__Password environment variable");
                await DropAsync();
                return false;
            }

            await AnnounceAsync(attempt.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            ReportFailure(LogLevel.Warning, $"no answer within {_timeout.TotalSeconds:0.#} s (Mqtt:KeepAlive)");
            await DropAsync();
            return false;
        }
        catch (MqttCommunicationException ex)
        {
            ReportFailure(LogLevel.Warning, MqttConnectFailure.Describe(ex, _settings));
            await DropAsync();
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // MQTTnet refuses a connect while it still tears down the connection the broker just dropped.
            _log.LogDebug("MQTT: not connecting yet ({Reason}).", ex.Message);
            return false;
        }

        _lastFailure = null;
        SetState(MqttLinkState.Connected);
        _log.LogInformation("MQTT: connected to {Host}:{Port} as {ClientId}; announced availability, discovery and state.",
            _settings.Host, _settings.Port, Topics.ClientId);
        return true;
    }

    // After every connect, since a clean session and a restarted broker remember nothing of this device.
    private async Task AnnounceAsync(CancellationToken cancellation)
    {
        MqttClientSubscribeOptions subscriptions = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.Command, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.HomeAssistantStatus, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _client.SubscribeAsync(subscriptions, cancellation);
        await PublishAsync(Topics.Availability, MqttPayloads.Online, cancellation);
        Volatile.Write(ref _discoveryPending, 1);
        Volatile.Write(ref _statePending, 1);
        await PublishPendingAsync(cancellation);
    }

    private async Task PublishPendingAsync(CancellationToken cancellation)
    {
        if (Interlocked.Exchange(ref _discoveryPending, 0) == 1)
        {
            try
            {
                await PublishAsync(Topics.DiscoveryConfig, _discovery, cancellation);
                if (_buttonDiscovery is not null)
                {
                    await PublishAsync(Topics.ButtonDiscoveryConfig, _buttonDiscovery, cancellation);
                }
            }
            catch
            {
                Volatile.Write(ref _discoveryPending, 1);
                throw;
            }
        }

        if (Interlocked.Exchange(ref _statePending, 0) == 1)
        {
            LedState state = _controller.State;
            try
            {
                await PublishAsync(Topics.State, MqttPayloads.State(state, _controller.IsDimmable), cancellation);
            }
            catch
            {
                Volatile.Write(ref _statePending, 1);
                throw;
            }
        }

        // Presses are events, not state: each is published once, never retained, so a reconnect does not replay one.
        while (_presses.Reader.TryRead(out ButtonEvent press))
        {
            await PublishAsync(Topics.ButtonEvent, MqttPayloads.ButtonPress(press), cancellation, retain: false);
        }
    }

    private Task<MqttClientPublishResult> PublishAsync(string topic, string payload, CancellationToken cancellation) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), cancellation);

    private Task<MqttClientPublishResult> PublishAsync(string topic, byte[] payload, CancellationToken cancellation, bool retain = true) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellation);

    private async Task DropAsync()
    {
        if (_client.IsConnected)
        {
            using var bounded = new CancellationTokenSource(_timeout, _time);
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), bounded.Token);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
            {
                _log.LogDebug("MQTT: disconnecting after a failed connect failed too ({Reason}).", ex.Message);
            }
        }
    }

    // One line per kind of failure in a row: a broker that stays down, or credentials that stay wrong, do not flood the log.
    private void ReportFailure(LogLevel level, string reason)
    {
        bool repeated = reason == _lastFailure;
        _lastFailure = reason;
        _log.Log(repeated ? LogLevel.Debug : level, "MQTT: cannot join {Host}:{Port}: {Reason}. Retrying every {Interval} at most (Mqtt:ReconnectInterval).",
            _settings.Host, _settings.Port, reason, _settings.ReconnectInterval);
    }

    private async Task WaitAsync(TimeSpan wait, bool wakeable, CancellationToken stop)
    {
        using var elapsed = new CancellationTokenSource(wait, _time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stop, elapsed.Token);
        if (!_client.IsConnected)
        {
            // Written once the wait is armed: whoever reads it knows the link now waits that long for its next attempt.
            _log.LogDebug("MQTT: next attempt in {Wait}.", wait);
        }

        try
        {
            if (wakeable)
            {
                await _wake.Reader.WaitToReadAsync(bounded.Token);
                _wake.Reader.TryRead(out _);
            }
            else
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, bounded.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The wait ran out, or the link is stopping: the loop looks at which.
        }
    }
}
