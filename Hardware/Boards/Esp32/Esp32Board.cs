using System.Device.Gpio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// An ESP32-DevKitC running ConfigurableFirmata, driven from this host through Iot.Device.Arduino's
/// <c>ArduinoBoard</c> over a serial port or TCP; its <see cref="Link"/> adapter reports and re-establishes the link.
/// </summary>
/// <remarks>
/// Pins are checked against <see cref="Esp32PinMap"/> when a port opens: the flash pins and, as outputs, the
/// input-only pins are refused with the reason; strapping pins are allowed with a warning. A port keeps its level
/// whether or not the link is up: a level set while the link is down, and every level after the chip comes back,
/// is driven when the link returns. One lock orders every level and every write to the chip.
/// </remarks>
public sealed partial class Esp32Board : IBoard, IOutputPortOwner
{
    /// <summary>The name configuration uses for this board.</summary>
    public const string BoardName = "esp32";

    private readonly Lock _gate = new();
    private readonly OutputPortTable _ports = new();
    private readonly IFirmataTransport _transport;
    private readonly Esp32BoardOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private FirmataSession? _session;
    private bool _disposed;

    /// <summary>Creates the board for the chip behind <paramref name="transport"/>; nothing is opened until <see cref="Link"/> connects.</summary>
    /// <param name="transport">How the chip is reached (see <see cref="Esp32Link.CreateTransport"/>).</param>
    /// <param name="options">How the link is kept; the defaults when null.</param>
    /// <param name="loggerFactory">Where log lines go; none are written when null.</param>
    /// <param name="timeProvider">The clock reconnect waits and connect timeouts run on; <see cref="TimeProvider.System"/> when null.</param>
    public Esp32Board(IFirmataTransport transport, Esp32BoardOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _options = options ?? new Esp32BoardOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.ReconnectInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.HealthInterval, TimeSpan.Zero, nameof(options));
        loggerFactory ??= NullLoggerFactory.Instance;
        _transport = transport;
        _logger = loggerFactory.CreateLogger<Esp32Board>();
        _time = timeProvider ?? TimeProvider.System;
        Pins = new Esp32Pins(this);
        Link = new Esp32LinkAdapter(this, loggerFactory.CreateLogger<Esp32LinkAdapter>());
        NetworkAdapters = new NetworkAdapterCollection(Link);
    }

    /// <inheritdoc/>
    public string Name => BoardName;

    /// <summary>The board's named pins, with a property per GPIO (<c>Pins.D02</c>).</summary>
    public Esp32Pins Pins { get; }

    IPinDefinitions IBoard.Pins => Pins;

    /// <inheritdoc/>
    public INetworkAdapterCollection NetworkAdapters { get; }

    /// <summary>The link to the chip, as the board's Wi-Fi adapter: connected, the chip's address, lost.</summary>
    public Esp32LinkAdapter Link { get; }

    /// <summary>The link for people (<c>serial:/dev/ttyUSB0@115200</c>).</summary>
    public string LinkDescription => _transport.Description;

    /// <inheritdoc/>
    public IDigitalOutputPort CreateDigitalOutputPort(IPin pin, bool initialState = false)
    {
        int gpio = OutputPortTable.GpioOf(Pins, pin, Name);
        CheckUsableAsOutput(pin, Esp32Pins.Describe(pin));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DigitalOutputPort port = _ports.Add(this, pin, gpio, initialState);
            if (_session is { } session)
            {
                TryDrive(session, gpio, initialState, open: true);
            }

            return port;
        }
    }

    /// <summary>Closes the link and every port; ports and pins can no longer be used.</summary>
    public void Dispose()
    {
        FirmataSession? session;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _ports.Clear();
            session = _session;
            _session = null;
            CloseKeptConnection();
        }

        _lifetime.Cancel();
        session?.Dispose();
        WaitForBackgroundWork();
    }

    bool IOutputPortOwner.ReadLevel(DigitalOutputPort port)
    {
        lock (_gate)
        {
            return _ports.LevelOf(port);
        }
    }

    void IOutputPortOwner.WriteLevel(DigitalOutputPort port, bool level)
    {
        lock (_gate)
        {
            bool changed = _ports.SetLevel(port, level, out int gpio);
            if (_session is { } session)
            {
                if (TryDrive(session, gpio, level, open: false) && changed)
                {
                    _logger.PinChanged(port.Pin.Name, gpio, Describe(level));
                }
            }
            else if (changed)
            {
                _logger.PinHeld(port.Pin.Name, gpio, Describe(level));
            }
        }
    }

    void IOutputPortOwner.Release(DigitalOutputPort port)
    {
        lock (_gate)
        {
            if (_ports.Remove(port) && _session is { } session && session.Gpio.IsPinOpen((int)port.Pin.Key))
            {
                session.Gpio.ClosePin((int)port.Pin.Key);
            }
        }
    }

    private static string Describe(bool level) => level ? "ON" : "OFF";

    private void CheckUsableAsOutput(IPin pin, Esp32PinInfo info)
    {
        string name = string.Equals(pin.Name, info.Name, StringComparison.OrdinalIgnoreCase) ? info.Describe() : $"{pin.Name} = {info.Describe()}";
        switch (info.Restriction)
        {
            case Esp32PinRestriction.Flash:
                throw new NotSupportedException($"{name} can never be used: {info.Note}.");
            case Esp32PinRestriction.InputOnly:
                throw new NotSupportedException($"{name} cannot be an output: {info.Note}.");
            case Esp32PinRestriction.SerialConsole when _transport.UsesSerialConsole:
                throw new NotSupportedException($"{name} cannot be used while the board is linked over serial: {info.Note}.");
            case Esp32PinRestriction.Strapping:
                _logger.StrappingPin(name, info.Note);
                break;
        }
    }

    // Callers hold _gate. A write that fails means the link broke: the level stays recorded and is driven when it returns.
    private static bool TryDrive(FirmataSession session, int gpio, bool level, bool open)
    {
        try
        {
            PinValue value = level ? PinValue.High : PinValue.Low;
            if (open)
            {
                OpenOutput(session.Gpio, gpio, level);
            }
            else
            {
                session.Gpio.Write(gpio, value);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or TimeoutException)
        {
            session.Link.Abandon(ex.Message);
            return false;
        }
    }
}
