using System.Device.Gpio;
using System.Device.Pwm;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>
/// The GPIO of a Raspberry Pi or any Linux board, through System.Device.Gpio's <see cref="GpioController"/>; its
/// Wi-Fi adapter reports one of the machine's network interfaces.
/// </summary>
/// <remarks>
/// The chip is opened and the LED line checked when the board is made, so a machine without GPIO, or an LED line the
/// chip lacks or cannot drive, fails at start with <see cref="BoardUnavailableException"/> and one line saying why.
/// With <see cref="LinuxGpioBoardOptions.ActiveLow"/>, the LED line is driven low for <see langword="true"/> (and its
/// PWM duty cycle inverted). PWM and inputs are in <c>LinuxGpioBoard.Ports.cs</c>.
/// </remarks>
public sealed partial class LinuxGpioBoard : PortBoard, IBoard
{
    /// <summary>The name configuration uses for this board.</summary>
    public const string BoardName = "linux-gpio";

    private static readonly TimeSpan InputDrainWait = TimeSpan.FromSeconds(1);

    private readonly GpioController _gpio;
    private readonly LinuxGpioBoardOptions _options;
    private readonly ILogger _logger;
    private readonly LinuxNetworkAdapter? _network;

    /// <summary>Opens the chip <paramref name="options"/> name with its driver, and the machine's own network interface.</summary>
    /// <exception cref="BoardUnavailableException">The chip cannot be opened, or the LED line is not an output line of it.</exception>
    public LinuxGpioBoard(LinuxGpioBoardOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        : this(LinuxGpioDrivers.Open(Checked(options).Driver, options.Chip), options, loggerFactory, timeProvider,
            new SystemNetworkInterfaceProbe(), NmcliWiFiJoiner.TryFind())
    {
    }

    /// <summary>Makes the board on <paramref name="driver"/>, which it owns and disposes, reporting interfaces through <paramref name="probe"/>.</summary>
    /// <param name="driver">The GPIO chip's driver.</param>
    /// <param name="options">The chip, LED line, PWM channel and interface.</param>
    /// <param name="loggerFactory">Where log lines go; none are written when null.</param>
    /// <param name="timeProvider">The clock the interface is polled and inputs filtered on; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="probe">How the interface's state is read.</param>
    /// <param name="joiner">How a Wi-Fi network is joined; null where none can be.</param>
    /// <param name="openPwmChannel">Opens hardware PWM channel (chip, channel, frequency, duty cycle); <see cref="PwmChannel.Create"/> (sysfs) when null.</param>
    /// <exception cref="BoardUnavailableException">The LED line is not an output line of the driver's chip, or the configured PWM channel cannot be opened.</exception>
    public LinuxGpioBoard(GpioDriver driver, LinuxGpioBoardOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider,
        INetworkInterfaceProbe probe, IWiFiJoiner? joiner, Func<int, int, int, double, PwmChannel>? openPwmChannel = null)
        : base(timeProvider, loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentNullException.ThrowIfNull(probe);
        _options = Checked(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<LinuxGpioBoard>();
        _gpio = new GpioController(driver);
        try
        {
            int pinCount = CountPins(_gpio, options.LedPin);
            CheckLedPin(pinCount);
            Pins = new LinuxGpioPins(this, pinCount, options.LedPin);
            _hardwarePwm = OpenHardwarePwm(openPwmChannel ?? PwmChannel.Create);
        }
        catch
        {
            _gpio.Dispose();
            throw;
        }

        if (options.Interface.Length > 0)
        {
            _network = new LinuxNetworkAdapter(options.Interface, probe, joiner, options.InterfacePollInterval,
                timeProvider ?? TimeProvider.System, loggerFactory.CreateLogger<LinuxNetworkAdapter>());
            NetworkAdapters = new NetworkAdapterCollection(_network);
        }
        else
        {
            NetworkAdapters = new NetworkAdapterCollection();
        }

        StartInputs();
    }

    /// <inheritdoc/>
    public override string Name => BoardName;

    /// <summary>The chip's lines by name (<c>GPIO17</c>) and the LED line as <c>OnboardLed</c>.</summary>
    public LinuxGpioPins Pins { get; }

    IPinDefinitions IBoard.Pins => Pins;

    /// <inheritdoc/>
    public INetworkAdapterCollection NetworkAdapters { get; }

    private protected override IPinDefinitions KnownPins => Pins;

    /// <summary>Closes every port, the chip and the interface watch.</summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (!CloseAllPorts())
            {
                return;
            }

            // Software PWM threads write through the controller: they end before it closes.
            ClosePwm();
            _gpio.Dispose();
        }

        StopInputs(InputDrainWait);
        _network?.Dispose();
    }

    private static LinuxGpioBoardOptions Checked(LinuxGpioBoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options;
    }

    private static int CountPins(GpioController gpio, int ledPin)
    {
        try
        {
            return gpio.PinCount;
        }
        catch (PlatformNotSupportedException)
        {
            // The sysfs driver cannot count its lines: offer the usual header's and the LED's.
            return Math.Max(ledPin + 1, 28);
        }
    }

    private void CheckLedPin(int pinCount)
    {
        int led = _options.LedPin;
        if (led < 0 || led >= pinCount)
        {
            throw new BoardUnavailableException($"LED line GPIO{led} does not exist: chip {_options.Chip} has lines GPIO0 to GPIO{pinCount - 1}.");
        }

        if (!_gpio.IsPinModeSupported(led, PinMode.Output))
        {
            throw new BoardUnavailableException($"LED line GPIO{led} of chip {_options.Chip} cannot be an output.");
        }
    }

    private PinValue Physical(int gpio, bool level) =>
        level ^ (_options.ActiveLow && gpio == _options.LedPin) ? PinValue.High : PinValue.Low;
}
