using EspWs.Hardware;
using EspWs.Hardware.Boards.Simulated;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Boards;

/// <summary>The boards the app can run on, by the name used in <c>Board:Name</c>; the one place a board is chosen.</summary>
public static class BoardCatalog
{
    private static readonly Dictionary<string, Func<ILoggerFactory, TimeProvider, IBoard>> Factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["simulated"] = (logs, time) => new SimulatedBoard(logs, time),
        };

    /// <summary>The known board names, for validation and error messages.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the board called <paramref name="name"/>; the name must be one of <see cref="Names"/>.</summary>
    public static IBoard Create(string name, ILoggerFactory loggerFactory, TimeProvider time) =>
        Factories.TryGetValue(name, out var create)
            ? create(loggerFactory, time)
            : throw new ArgumentException($"Board:Name = '{name}' is not a known board: {string.Join(", ", Names)}.", nameof(name));
}
