namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>Which of System.Device.Gpio's Linux drivers opens the GPIO chip.</summary>
public enum LinuxGpioDriverKind
{
    /// <summary>The first that works: libgpiod v2, then libgpiod v1, then sysfs.</summary>
    Auto,

    /// <summary>libgpiod 1.x (<c>libgpiod.so.2</c>, Debian's and Raspberry Pi OS's <c>libgpiod2</c> package).</summary>
    Libgpiod,

    /// <summary>libgpiod 2.x (<c>libgpiod.so.3</c>).</summary>
    LibgpiodV2,

    /// <summary>The kernel's deprecated <c>/sys/class/gpio</c> interface.</summary>
    SysFs,
}
