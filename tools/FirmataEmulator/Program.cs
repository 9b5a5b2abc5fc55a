using System.Globalization;
using System.Runtime.InteropServices;
using EspWs.App.Tests.Boards.Firmata;

namespace EspWs.FirmataEmulator;

/// <summary>
/// Serves the emulated ESP32 (ConfigurableFirmata) over TCP on 127.0.0.1 and a free port, for an app in another process,
/// and prints every pin mode, level and PWM value the host sets, one line each, so a script can watch the pin. Lines on
/// its standard input press and release a button to ground: <c>press 4</c>, <c>release 4</c>.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: EspWs.FirmataEmulator [--exit-after SECONDS]   (default 600; it also stops on SIGTERM or Ctrl+C)";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private static async Task<int> Main(string[] args)
    {
        if (!TryReadLifetime(args, out TimeSpan lifetime))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        // A forgotten emulator ends by itself; a script that is done with it stops it by its process id.
        using var stop = new CancellationTokenSource(lifetime);
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);

        await using var server = new FirmataTcpServer();
        Console.WriteLine($"Firmata emulator listening on {server.Link}");
        _ = Task.Run(() => PressButtons(server.Chip), CancellationToken.None);
        await ReportAsync(server.Chip, stop.Token);
        return 0;

        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static bool TryReadLifetime(string[] args, out TimeSpan lifetime)
    {
        lifetime = TimeSpan.FromMinutes(10);
        if (args.Length == 0)
        {
            return true;
        }

        if (args.Length == 2 && args[0] == "--exit-after"
            && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0)
        {
            lifetime = TimeSpan.FromSeconds(seconds);
            return true;
        }

        return false;
    }

    // The chip keeps a log of what the host set; the new entries of each poll are printed in order.
    private static async Task ReportAsync(FirmataChip chip, CancellationToken stop)
    {
        int modesSeen = 0;
        int writesSeen = 0;
        int pwmSeen = 0;
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                IReadOnlyList<(int Pin, byte Mode)> modes = chip.ModeChanges;
                for (; modesSeen < modes.Count; modesSeen++)
                {
                    Console.WriteLine($"pin {modes[modesSeen].Pin} mode {modes[modesSeen].Mode}");
                }

                IReadOnlyList<(int Pin, bool Level)> writes = chip.Writes;
                for (; writesSeen < writes.Count; writesSeen++)
                {
                    Console.WriteLine($"pin {writes[writesSeen].Pin} {(writes[writesSeen].Level ? "high" : "low")}");
                }

                IReadOnlyList<(int Pin, int Value)> pwm = chip.PwmWrites;
                for (; pwmSeen < pwm.Count; pwmSeen++)
                {
                    Console.WriteLine($"pin {pwm[pwmSeen].Pin} pwm {pwm[pwmSeen].Value}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by a signal or its lifetime.
        }
    }

    // "press N" holds pin N to ground, "release N" lets it go; anything else is answered with the usage.
    private static void PressButtons(FirmataChip chip)
    {
        while (Console.ReadLine() is { } line)
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 2 && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pin) && pin < FirmataChip.PinCount
                && words[0] is "press" or "release")
            {
                bool press = words[0] == "press";
                chip.DriveInput(pin, press ? false : null);
                Console.WriteLine($"pin {pin} {(press ? "pressed" : "released")}");
            }
            else
            {
                Console.WriteLine("input: press PIN | release PIN");
            }
        }
    }
}
