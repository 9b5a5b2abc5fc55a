using System.Device.Gpio;
using System.Device.Gpio.Drivers;

namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>Opens the GPIO chip with the driver the options name, turning every way that fails into one line that says why.</summary>
public static class LinuxGpioDrivers
{
    /// <summary>Opens chip <paramref name="chip"/> with <paramref name="kind"/>; with <see cref="LinuxGpioDriverKind.Auto"/>, the first driver that works.</summary>
    /// <exception cref="BoardUnavailableException">No driver could open the chip; the message gives each driver's reason.</exception>
    public static GpioDriver Open(LinuxGpioDriverKind kind, int chip)
    {
        LinuxGpioDriverKind[] candidates = kind == LinuxGpioDriverKind.Auto
            ? [LinuxGpioDriverKind.LibgpiodV2, LinuxGpioDriverKind.Libgpiod, LinuxGpioDriverKind.SysFs]
            : [kind];
        var reasons = new List<string>();
        foreach (LinuxGpioDriverKind candidate in candidates)
        {
            try
            {
                return Create(candidate, chip);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                reasons.Add($"{candidate}: {Explain(ex)}");
            }
        }

        string device = $"/dev/gpiochip{chip}";
        string problem = File.Exists(device) ? $"GPIO chip {chip} could not be opened" : $"this machine has no GPIO chip {chip} ({device} does not exist)";
        throw new BoardUnavailableException($"{problem}; driver {kind} tried {string.Join("; ", reasons)}.");
    }

    private static GpioDriver Create(LinuxGpioDriverKind kind, int chip) => kind switch
    {
        LinuxGpioDriverKind.LibgpiodV2 => new LibGpiodV2Driver(chip),
        LinuxGpioDriverKind.Libgpiod => new LibGpiodDriver(chip),
        LinuxGpioDriverKind.SysFs when chip == 0 => new SysFsDriver(),
        LinuxGpioDriverKind.SysFs => throw new NotSupportedException("the sysfs driver only opens chip 0 here"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a driver"),
    };

    // The drivers' own messages bury the cause in a loader dump; say it in a few words.
    private static string Explain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is DllNotFoundException || (e is PlatformNotSupportedException && e.Message.Contains("not installed", StringComparison.Ordinal)))
            {
                return "the libgpiod library is not installed";
            }

            if (e is DirectoryNotFoundException or FileNotFoundException)
            {
                return e.Message.Contains("/sys/class/gpio", StringComparison.Ordinal)
                    ? "/sys/class/gpio does not exist (no sysfs GPIO in this kernel)"
                    : $"no such chip ({e.Message})";
            }

            if (e is UnauthorizedAccessException)
            {
                return "permission denied (add the user to the gpio group)";
            }
        }

        string message = ex.Message;
        int lineEnd = message.IndexOfAny(['\r', '\n']);
        return (lineEnd < 0 ? message : message[..lineEnd]).TrimEnd('.', ' ');
    }
}
