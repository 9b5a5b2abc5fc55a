using System.Diagnostics.CodeAnalysis;

namespace EspWs.Hardware.Boards;

/// <summary>A board's pins looked up by name without regard to case; a board derives from it and adds a property per pin.</summary>
public class PinDefinitions : IPinDefinitions
{
    private readonly Dictionary<string, IPin> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPin> _all = [];

    /// <summary>Creates the definitions of <paramref name="onboardLed"/> and <paramref name="pins"/>; every name must be unique.</summary>
    /// <exception cref="ArgumentException">Two pins share a name.</exception>
    public PinDefinitions(IPin onboardLed, IEnumerable<IPin> pins)
    {
        ArgumentNullException.ThrowIfNull(onboardLed);
        ArgumentNullException.ThrowIfNull(pins);
        OnboardLed = onboardLed;
        Add(onboardLed);
        foreach (IPin pin in pins)
        {
            Add(pin);
        }
    }

    /// <inheritdoc/>
    public IPin OnboardLed { get; }

    /// <inheritdoc/>
    public IReadOnlyList<IPin> AllPins => _all;

    /// <inheritdoc/>
    public IPin this[string name] => TryGet(name, out IPin? pin)
        ? pin
        : throw new KeyNotFoundException(
            $"The board has no pin named '{name}'. Pins: {string.Join(", ", _all.Select(p => p.Name))}.");

    /// <inheritdoc/>
    public bool TryGet(string name, [NotNullWhen(true)] out IPin? pin)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name.Trim(), out pin);
    }

    private void Add(IPin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!_byName.TryAdd(pin.Name, pin))
        {
            throw new ArgumentException($"Two pins are named '{pin.Name}'; pin names must be unique.", nameof(pin));
        }

        _all.Add(pin);
    }
}
