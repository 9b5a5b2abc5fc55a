using EspWs.App.Configuration;
using EspWs.Hardware;
using EspWs.Hardware.Boards;
using EspWs.Hardware.Boards.Esp32;
using EspWs.Hardware.Boards.LinuxGpio;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Boards;

/// <summary>The boards the app can run on, by the name used in <c>Board:Name</c>; the one place a board is chosen.</summary>
public static class BoardCatalog
{
    private static readonly Dictionary<string, Entry> Boards = new(StringComparer.OrdinalIgnoreCase)
    {
        [SimulatedBoard.BoardName] = new(CreateSimulated, "Board:Name"),
        [Esp32Board.BoardName] = new(CreateEsp32, "Board:Esp32:Link"),
        [LinuxGpioBoard.BoardName] = new(CreateLinuxGpio, "Board:LinuxGpio:Driver, Board:LinuxGpio:Chip, Board:LinuxGpio:LedPin, Board:LinuxGpio:PwmChip and Board:LinuxGpio:PwmChannel"),
    };

    /// <summary>The known board names, for validation and error messages.</summary>
    public static IReadOnlyCollection<string> Names => Boards.Keys;

    /// <summary>Creates the board <paramref name="settings"/> name, with that board's own settings.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    /// <exception cref="BoardUnavailableException">The board's hardware cannot be opened; the one-line message names the problem and the keys to check.</exception>
    public static IBoard Create(BoardSettings settings, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Boards.TryGetValue(settings.Name, out Entry? entry))
        {
            throw new ArgumentException($"Board:Name = '{settings.Name}' is not a known board: {string.Join(", ", Names)}.", nameof(settings));
        }

        try
        {
            return entry.Create(settings, loggerFactory, time);
        }
        catch (BoardUnavailableException ex)
        {
            throw new BoardUnavailableException(
                $"board '{settings.Name}' cannot start: {ex.Message} Check {entry.Keys}, or choose another Board:Name.", ex);
        }
    }

    private static SimulatedBoard CreateSimulated(BoardSettings settings, ILoggerFactory logs, TimeProvider time) =>
        new(logs, time, new SimulatedWiFiOptions { ConnectDelay = settings.Simulated.WiFiJoinDelay });

    private static Esp32Board CreateEsp32(BoardSettings settings, ILoggerFactory logs, TimeProvider time) =>
        new(Esp32Link.Parse(settings.Esp32.Link).CreateTransport(),
            new Esp32BoardOptions { ReconnectInterval = settings.Esp32.ReconnectInterval, HealthInterval = settings.Esp32.HealthInterval },
            logs,
            time);

    private static LinuxGpioBoard CreateLinuxGpio(BoardSettings settings, ILoggerFactory logs, TimeProvider time)
    {
        LinuxGpioBoardSettings linux = settings.LinuxGpio;
        var options = new LinuxGpioBoardOptions
        {
            Driver = linux.Driver,
            Chip = linux.Chip,
            LedPin = linux.LedPin,
            ActiveLow = linux.ActiveLow,
            PwmChip = linux.PwmChip,
            PwmChannel = linux.PwmChannel,
            SoftwarePwm = linux.SoftwarePwm,
            Interface = linux.Interface,
        };
        return new LinuxGpioBoard(options, logs, time);
    }

    private sealed record Entry(Func<BoardSettings, ILoggerFactory, TimeProvider, IBoard> Create, string Keys);
}
