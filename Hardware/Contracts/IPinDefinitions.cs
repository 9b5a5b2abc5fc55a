using System.Diagnostics.CodeAnalysis;

namespace EspWs.Hardware;

/// <summary>The named pins of a board, as Meadow's <c>Device.Pins</c>; configuration names a pin by its name.</summary>
public interface IPinDefinitions
{
    /// <summary>The pin wired to the board's own LED (GPIO2 on an ESP32 DevKitC).</summary>
    IPin OnboardLed { get; }

    /// <summary>Every pin of the board, each once, in the board's order.</summary>
    IReadOnlyList<IPin> AllPins { get; }

    /// <summary>The pin named <paramref name="name"/>, compared without regard to case.</summary>
    /// <exception cref="KeyNotFoundException">No pin has that name; the message lists the names there are.</exception>
    IPin this[string name] { get; }

    /// <summary>Finds the pin named <paramref name="name"/>, compared without regard to case.</summary>
    /// <returns><see langword="true"/> and the pin when one has that name; otherwise <see langword="false"/>.</returns>
    bool TryGet(string name, [NotNullWhen(true)] out IPin? pin);
}
