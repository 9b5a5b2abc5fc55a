namespace EspWs.Hardware.Boards;

/// <summary>
/// The output ports a hardware board has open, by GPIO number, with the level each was last set to; the board
/// holds its own lock around every call.
/// </summary>
internal sealed class OutputPortTable
{
    private readonly Dictionary<int, Entry> _open = [];

    /// <summary>Every open port's GPIO and level, in no particular order.</summary>
    public IReadOnlyList<(int Gpio, bool Level)> Snapshot() => [.. _open.Select(pair => (pair.Key, pair.Value.Level))];

    /// <summary>Checks that <paramref name="pin"/> is one of <paramref name="pins"/> and returns its GPIO number.</summary>
    /// <exception cref="ArgumentException">The pin belongs to another board.</exception>
    public static int GpioOf(IPinDefinitions pins, IPin pin, string boardName)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (!pins.TryGet(pin.Name, out IPin? known) || !ReferenceEquals(known, pin) || pin.Key is not int gpio)
        {
            throw new ArgumentException($"Pin {pin.Name} is not a pin of the {boardName} board; take pins from its Pins.", nameof(pin));
        }

        return gpio;
    }

    /// <summary>Opens a port on <paramref name="gpio"/> at <paramref name="level"/>.</summary>
    /// <exception cref="InvalidOperationException">A port is already open on the pin; the message names both names.</exception>
    public DigitalOutputPort Add(IOutputPortOwner owner, IPin pin, int gpio, bool level)
    {
        if (_open.TryGetValue(gpio, out Entry? open))
        {
            throw new InvalidOperationException(
                $"Pin {pin.Name} (GPIO{gpio}) already has an open port (opened as {open.Port.Pin.Name}); dispose it before opening another.");
        }

        var port = new DigitalOutputPort(owner, pin, level);
        _open.Add(gpio, new Entry(port, level));
        return port;
    }

    /// <summary>The level of <paramref name="port"/>.</summary>
    /// <exception cref="ObjectDisposedException">The port is closed.</exception>
    public bool LevelOf(DigitalOutputPort port) => Find(port).Level;

    /// <summary>Records <paramref name="level"/> for <paramref name="port"/>; true when the level changed.</summary>
    /// <exception cref="ObjectDisposedException">The port is closed.</exception>
    public bool SetLevel(DigitalOutputPort port, bool level, out int gpio)
    {
        Entry entry = Find(port);
        gpio = (int)port.Pin.Key;
        bool changed = entry.Level != level;
        entry.Level = level;
        return changed;
    }

    /// <summary>Closes <paramref name="port"/>; false when it was not open.</summary>
    public bool Remove(DigitalOutputPort port)
    {
        int gpio = (int)port.Pin.Key;
        return _open.TryGetValue(gpio, out Entry? entry) && ReferenceEquals(entry.Port, port) && _open.Remove(gpio);
    }

    /// <summary>Closes every port.</summary>
    public void Clear() => _open.Clear();

    private Entry Find(DigitalOutputPort port)
    {
        bool open = _open.TryGetValue((int)port.Pin.Key, out Entry? entry) && ReferenceEquals(entry.Port, port);
        ObjectDisposedException.ThrowIf(!open, port);
        return entry!;
    }

    private sealed class Entry(DigitalOutputPort port, bool level)
    {
        public DigitalOutputPort Port { get; } = port;

        public bool Level { get; set; } = level;
    }
}
