using EspWs.Hardware.Boards.LinuxGpio;

namespace EspWs.App.Configuration;

/// <summary>The <c>Board:LinuxGpio</c> section: the GPIO chip and driver, the LED line, its active level and PWM, the network interface.</summary>
public sealed class LinuxGpioBoardSettings : ISettingsSection
{
    /// <summary>Gets or sets which driver opens the chip (<c>Auto</c> tries libgpiod v2, libgpiod v1, then sysfs).</summary>
    public LinuxGpioDriverKind Driver { get; set; } = LinuxGpioDriverKind.Auto;

    /// <summary>Gets or sets the GPIO chip's number (<c>/dev/gpiochip0</c> is 0).</summary>
    public int Chip { get; set; }

    /// <summary>Gets or sets the GPIO line the LED is wired to (a BCM number on a Raspberry Pi); it is the board's <c>OnboardLed</c>.</summary>
    public int LedPin { get; set; } = 17;

    /// <summary>Gets or sets whether the LED lights when its line is low (wired from 3.3 V to the pin).</summary>
    public bool ActiveLow { get; set; }

    /// <summary>Gets or sets the sysfs PWM chip of <see cref="PwmChannel"/> (<c>/sys/class/pwm/pwmchip0</c> is 0).</summary>
    public int PwmChip { get; set; }

    /// <summary>Gets or sets the hardware PWM channel wired to the LED line (GPIO18 is channel 0 with a Raspberry Pi's <c>dtoverlay=pwm</c>); -1 for none.</summary>
    public int PwmChannel { get; set; } = -1;

    /// <summary>Gets or sets whether a line without a hardware PWM channel may be dimmed in software, at the cost of a core while it dims.</summary>
    public bool SoftwarePwm { get; set; }

    /// <summary>Gets or sets the network interface the board reports as its Wi-Fi (<c>wlan0</c>); empty for none.</summary>
    public string Interface { get; set; } = "wlan0";
}
