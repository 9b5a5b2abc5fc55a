namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The ESP32-DevKitC's GPIOs as data: every GPIO the ESP32 (ESP32-WROOM-32 module) has, with what it can do.</summary>
/// <remarks>
/// From the ESP32 datasheet's pin table and the DevKitC's header labels. GPIO20, 24 and 28 to 31 do not exist on the
/// chip. ConfigurableFirmata on the ESP32 numbers its pins by GPIO, so <see cref="Esp32PinInfo.Gpio"/> is also the
/// Firmata pin number.
/// </remarks>
public static class Esp32PinMap
{
    /// <summary>The GPIO of the blue LED on DevKit boards that have one (DOIT DevKit V1 and its clones), as in the ESP32 tutorial.</summary>
    public const int OnboardLedGpio = 2;

    private const Esp32PinCapabilities Io = Esp32PinCapabilities.DigitalInput | Esp32PinCapabilities.DigitalOutput | Esp32PinCapabilities.Pwm;
    private const Esp32PinCapabilities IoAdc = Io | Esp32PinCapabilities.AnalogInput;
    private const Esp32PinCapabilities InAdc = Esp32PinCapabilities.DigitalInput | Esp32PinCapabilities.AnalogInput;
    private const string FlashNote = "it is wired to the module's SPI flash, and driving it crashes the ESP32";
    private const string InputOnlyNote = "GPIO34 to GPIO39 are input-only on the ESP32: they have no output driver";

    /// <summary>Every GPIO of the ESP32, in GPIO order.</summary>
    public static IReadOnlyList<Esp32PinInfo> DevKitC { get; } =
    [
        Strapping(0, "IO0", IoAdc, "GPIO0 held low at reset starts the serial bootloader (it is the BOOT button)"),
        new(1, "D01", "TX", Io, Esp32PinRestriction.SerialConsole, "GPIO1 is UART0 TX, the USB serial link to the host"),
        Strapping(2, "IO2", IoAdc, "GPIO2 must be low or floating at reset for the serial bootloader; it drives the onboard LED"),
        new(3, "D03", "RX", Io, Esp32PinRestriction.SerialConsole, "GPIO3 is UART0 RX, the USB serial link to the host"),
        Free(4, "IO4", IoAdc),
        Strapping(5, "IO5", Io, "GPIO5 sets the SDIO timing at reset and outputs a PWM signal while booting"),
        Flash(6, "CLK"),
        Flash(7, "SD0"),
        Flash(8, "SD1"),
        Flash(9, "SD2"),
        Flash(10, "SD3"),
        Flash(11, "CMD"),
        Strapping(12, "IO12", IoAdc, "GPIO12 (MTDI) high at reset selects a 1.8 V flash supply, and the board then fails to boot"),
        Free(13, "IO13", IoAdc),
        Free(14, "IO14", IoAdc),
        Strapping(15, "IO15", IoAdc, "GPIO15 (MTDO) low at reset silences the boot messages, and it outputs a PWM signal while booting"),
        Free(16, "IO16", Io),
        Free(17, "IO17", Io),
        Free(18, "IO18", Io),
        Free(19, "IO19", Io),
        Free(21, "IO21", Io),
        Free(22, "IO22", Io),
        Free(23, "IO23", Io),
        Free(25, "IO25", IoAdc),
        Free(26, "IO26", IoAdc),
        Free(27, "IO27", IoAdc),
        Free(32, "IO32", IoAdc),
        Free(33, "IO33", IoAdc),
        InputOnly(34, "IO34"),
        InputOnly(35, "IO35"),
        InputOnly(36, "SENSOR_VP"),
        InputOnly(37, "SENSOR_CAPP"),
        InputOnly(38, "SENSOR_CAPN"),
        InputOnly(39, "SENSOR_VN"),
    ];

    /// <summary>The GPIO numbered <paramref name="gpio"/>, or <see langword="null"/> when the ESP32 has no such GPIO.</summary>
    public static Esp32PinInfo? Find(int gpio) => DevKitC.FirstOrDefault(pin => pin.Gpio == gpio);

    /// <summary>What <paramref name="pin"/> can do and why it may be restricted.</summary>
    /// <exception cref="ArgumentException"><paramref name="pin"/> is not a GPIO of the ESP32.</exception>
    public static Esp32PinInfo Describe(IPin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return pin.Key is int gpio && Find(gpio) is { } info
            ? info
            : throw new ArgumentException($"Pin {pin.Name} is not a GPIO of the ESP32.", nameof(pin));
    }

    private static Esp32PinInfo Free(int gpio, string label, Esp32PinCapabilities capabilities) =>
        new(gpio, PinName(gpio), label, capabilities, Esp32PinRestriction.None, "");

    private static Esp32PinInfo Strapping(int gpio, string label, Esp32PinCapabilities capabilities, string note) =>
        new(gpio, PinName(gpio), label, capabilities, Esp32PinRestriction.Strapping, note);

    private static Esp32PinInfo Flash(int gpio, string label) =>
        new(gpio, PinName(gpio), label, Esp32PinCapabilities.None, Esp32PinRestriction.Flash, FlashNote);

    private static Esp32PinInfo InputOnly(int gpio, string label) =>
        new(gpio, PinName(gpio), label, InAdc, Esp32PinRestriction.InputOnly, InputOnlyNote);

    private static string PinName(int gpio) => $"D{gpio:D2}";
}
