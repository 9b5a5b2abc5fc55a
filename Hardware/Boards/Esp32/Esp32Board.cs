using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// An ESP32-DevKitC running ConfigurableFirmata, driven from this host through Iot.Device.Arduino's
/// <c>ArduinoBoard</c> over a serial port or TCP; its <see cref="Link"/> adapter reports and re-establishes the link.
/// </summary>
/// <remarks>
/// Pins are checked against <see cref="Esp32PinMap"/> when a port opens (<c>Esp32Board.Pins.cs</c>); outputs, PWM and
/// inputs travel over Firmata as <c>Esp32Board.Ports.cs</c> says. A port keeps its setting whether or not the link is
/// up: a level or duty cycle set while the link is down, and every setting after the chip comes back, is driven when
/// the link returns, and inputs report again. One lock orders every setting and every write to the chip.
/// </remarks>
public sealed partial class Esp32Board : PortBoard, IBoard
{
    /// <summary>The name configuration uses for this board.</summary>
    public const string BoardName = "esp32";

    private readonly IFirmataTransport _transport;
    private readonly Esp32BoardOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private FirmataSession? _session;

    /// <summary>Creates the board for the chip behind <paramref name="transport"/>; nothing is opened until <see cref="Link"/> connects.</summary>
    /// <param name="transport">How the chip is reached (see <see cref="Esp32Link.CreateTransport"/>).</param>
    /// <param name="options">How the link is kept; the defaults when null.</param>
    /// <param name="loggerFactory">Where log lines go; none are written when null.</param>
    /// <param name="timeProvider">The clock reconnect waits and connect timeouts run on; <see cref="TimeProvider.System"/> when null.</param>
    public Esp32Board(IFirmataTransport transport, Esp32BoardOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : base(timeProvider, loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _options = options ?? new Esp32BoardOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.ReconnectInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.HealthInterval, TimeSpan.Zero, nameof(options));
        loggerFactory ??= NullLoggerFactory.Instance;
        _transport = transport;
        _logger = loggerFactory.CreateLogger<Esp32Board>();
        _time = timeProvider ?? TimeProvider.System;
        Pins = new DevKitPins(this);
        Link = new Esp32LinkAdapter(this, loggerFactory.CreateLogger<Esp32LinkAdapter>());
        NetworkAdapters = new NetworkAdapterCollection(Link);
        StartInputs();
    }

    /// <inheritdoc/>
    public override string Name => BoardName;

    /// <summary>The board's named pins, with a property per GPIO (<c>Pins.D02</c>).</summary>
    public DevKitPins Pins { get; }

    IPinDefinitions IBoard.Pins => Pins;

    /// <inheritdoc/>
    public INetworkAdapterCollection NetworkAdapters { get; }

    /// <summary>The link to the chip, as the board's Wi-Fi adapter: connected, the chip's address, lost.</summary>
    public Esp32LinkAdapter Link { get; }

    private protected override IPinDefinitions KnownPins => Pins;

    /// <summary>Closes the link and every port; ports and pins can no longer be used.</summary>
    public void Dispose()
    {
        FirmataSession? session;
        lock (Gate)
        {
            if (!CloseAllPorts())
            {
                return;
            }

            session = _session;
            _session = null;
            CloseKeptConnection();
        }

        _lifetime.Cancel();
        session?.Dispose();
        WaitForBackgroundWork();
        StopInputs(BackgroundWorkWait);
    }

    private protected override void CheckPin(PortRecord record) => CheckUsable(record);

    private protected override void OpenPin(PortRecord record)
    {
        if (_session is { } session)
        {
            TryDrive(session, record, PortStep.Open);
        }
    }

    private protected override void DrivePin(PortRecord record, bool changed)
    {
        bool driven = _session is { } session && TryDrive(session, record, PortStep.Drive);
        if (!changed)
        {
            return;
        }

        switch (record.Use, driven)
        {
            case (PinUse.Pwm, true):
                _logger.DutyCycleChanged(record.Pin.Name, record.Gpio, record.Pwm.Output);
                break;
            case (PinUse.Pwm, false):
                _logger.DutyCycleHeld(record.Pin.Name, record.Gpio, record.Pwm.Output);
                break;
            case (_, true):
                _logger.PinChanged(record.Pin.Name, record.Gpio, record.Level ? "ON" : "OFF");
                break;
            default:
                _logger.PinHeld(record.Pin.Name, record.Gpio, record.Level ? "ON" : "OFF");
                break;
        }
    }

    private protected override void ClosePin(PortRecord record)
    {
        if (_session is { } session)
        {
            TryDrive(session, record, PortStep.Close);
        }
    }
}
