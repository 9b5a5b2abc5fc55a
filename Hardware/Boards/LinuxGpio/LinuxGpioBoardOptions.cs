namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>Which GPIO chip and driver the Linux board opens, where its LED is, and which network interface it reports.</summary>
public sealed class LinuxGpioBoardOptions
{
    /// <summary>The GPIO line (BCM number on a Raspberry Pi) the LED is wired to, which is the board's <c>OnboardLed</c>; 17 unless set.</summary>
    public int LedPin { get; init; } = 17;

    /// <summary>Whether the LED lights when its pin is driven low (wired from 3.3 V to the pin); false unless set.</summary>
    public bool ActiveLow { get; init; }

    /// <summary>The GPIO chip's number (<c>/dev/gpiochip0</c> is 0); 0 unless set.</summary>
    public int Chip { get; init; }

    /// <summary>Which driver opens the chip; <see cref="LinuxGpioDriverKind.Auto"/> unless set.</summary>
    public LinuxGpioDriverKind Driver { get; init; }

    /// <summary>The network interface the board's Wi-Fi adapter reports (<c>wlan0</c>); empty for a board without one.</summary>
    public string Interface { get; init; } = "wlan0";

    /// <summary>The sysfs PWM chip (<c>/sys/class/pwm/pwmchip0</c> is 0) of <see cref="PwmChannel"/>; 0 unless set.</summary>
    public int PwmChip { get; init; }

    /// <summary>The hardware PWM channel wired to the LED line (GPIO18 is channel 0 with a Raspberry Pi's <c>dtoverlay=pwm</c>); -1, none, unless set.</summary>
    public int PwmChannel { get; init; } = -1;

    /// <summary>Whether a line without a hardware PWM channel may be dimmed by software PWM, whose thread spins a core while it dims; false unless set.</summary>
    public bool SoftwarePwm { get; init; }

    /// <summary>How often the interface's state is read; 2 s unless set.</summary>
    public TimeSpan InterfacePollInterval { get; init; } = TimeSpan.FromSeconds(2);
}
