using System.Device.Gpio;
using System.Net;
using Iot.Device.Arduino;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The link half of <see cref="Esp32Board"/>: opening a Firmata session within a timeout, and closing it.</summary>
public sealed partial class Esp32Board
{
    private readonly SemaphoreSlim _connectOne = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private TimeSpan _attemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Opens the link unless it is up; the attempt and, after a loss, every reconnect attempt is bounded by <paramref name="timeout"/>.</summary>
    internal async Task ConnectLinkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _connectOne.WaitAsync(cancellationToken);
        try
        {
            IReadOnlyList<PortRecord> ports;
            lock (Gate)
            {
                ObjectDisposedException.ThrowIf(IsClosed, this);
                if (_session is not null)
                {
                    return;
                }

                _attemptTimeout = timeout;
                ports = OpenPorts();
            }

            FirmataSession session = await OpenSessionAsync(ports, timeout, cancellationToken);
            Activate(session, ports);
            _logger.Connected(_transport.Description, session.Address.Equals(IPAddress.None) ? "none" : session.Address.ToString(), session.Firmata.FirmwareName, session.Firmata.FirmwareVersion, session.Firmata.FirmataVersion);
            Link.MarkConnected(session.Address);
        }
        finally
        {
            _connectOne.Release();
        }
    }

    /// <summary>Closes the link, if up, and stops re-establishing it.</summary>
    internal async Task DisconnectLinkAsync(CancellationToken cancellationToken)
    {
        await _connectOne.WaitAsync(cancellationToken);
        try
        {
            FirmataSession? session;
            lock (Gate)
            {
                session = _session;
                _session = null;
                StopReconnecting();
                CloseKeptConnection();
            }

            if (session is not null)
            {
                Link.MarkDisconnected("disconnected by the app");
                _logger.Disconnected(_transport.Description);
                session.Dispose();
            }
        }
        finally
        {
            _connectOne.Release();
        }
    }

    private async Task<FirmataSession> OpenSessionAsync(IReadOnlyList<PortRecord> ports, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token, _lifetime.Token);
        _logger.Connecting(_transport.Description);
        try
        {
            // After a restart the chip is still on the connection the last link had: reopening a serial port would reset it again.
            (FirmataConnection connection, byte[] leftover) = TakeKeptConnection() is { } kept
                ? kept
                : (await _transport.OpenAsync(attempt.Token), []);
            var link = new FirmataLinkStream(connection.Stream, leftover, OnLinkBroken);
            var firmata = new ArduinoBoard(link, _transport.HasFlowControl);
            // The Firmata handshake blocks and retries on its own for up to ~40 s: run it aside and stop waiting at our timeout.
            Task<FirmataSession> handshake = Task.Run(() => Handshake(firmata, link, connection.Address, ports), CancellationToken.None);
            try
            {
                return await handshake.WaitAsync(attempt.Token);
            }
            catch
            {
                CloseInBackground(firmata, link, handshake);
                throw;
            }
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_lifetime.IsCancellationRequested)
        {
            throw new TimeoutException($"The ESP32 did not answer over {_transport.Description} within {timeout}.");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The ESP32 over {_transport.Description} did not complete the Firmata handshake: {ex.Message}", ex);
        }
    }

    private static FirmataSession Handshake(ArduinoBoard firmata, FirmataLinkStream link, IPAddress address, IReadOnlyList<PortRecord> ports)
    {
        // Reading the version runs ArduinoBoard's whole start: version, firmware, capabilities, analog mapping.
        _ = firmata.FirmataVersion;
        GpioController gpio = firmata.CreateGpioController();
        foreach (PortRecord port in ports)
        {
            if (!Offers(firmata, port))
            {
                gpio.Dispose();
                throw new NotSupportedException(
                    $"The firmware on the ESP32 does not offer GPIO{port.Gpio} as {Article(port.Use)} (is ConfigurableFirmata's {Feature(port.Use)} built in?).");
            }

            // Outputs first, so the LED is as it was as early as can be; PWM and inputs open once the session is live.
            if (port.Use == PinUse.Output)
            {
                OpenOutput(gpio, port.Gpio, port.Level);
            }
        }

        return new FirmataSession(firmata, gpio, link, address);
    }

    private void Activate(FirmataSession session, IReadOnlyList<PortRecord> opened)
    {
        lock (Gate)
        {
            if (IsClosed || session.Link.IsBroken)
            {
                CloseInBackground(session.Firmata, session.Link, Task.FromResult(session));
                ObjectDisposedException.ThrowIf(IsClosed, this);
                throw new IOException($"The link to the ESP32 over {_transport.Description} broke during the handshake.");
            }

            // Ports opened, closed or set while the handshake ran are brought up to date before the session is used.
            IReadOnlyList<PortRecord> now = OpenPorts();
            foreach (PortRecord closed in opened.Where(o => !now.Any(n => ReferenceEquals(n.Port, o.Port))))
            {
                TryDrive(session, closed, PortStep.Close);
            }

            foreach (PortRecord port in now)
            {
                if (!IsOpenOn(session, port))
                {
                    TryDrive(session, port, PortStep.Open);
                }

                TryDrive(session, port, PortStep.Drive);
            }

            session.Link.Arm();
            _session = session;
            StopReconnecting();
            WatchHealth(session);
        }
    }
}
