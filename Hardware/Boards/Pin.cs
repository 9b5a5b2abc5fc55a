namespace EspWs.Hardware.Boards;

/// <summary>A plain <see cref="IPin"/> any board can hand out: a name, a key and the board that owns it.</summary>
public sealed class Pin : IPin
{
    /// <summary>Creates the pin <paramref name="name"/> with board key <paramref name="key"/>, owned by <paramref name="controller"/>.</summary>
    public Pin(string name, object key, IPinController controller)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(controller);
        Name = name;
        Key = key;
        Controller = controller;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public object Key { get; }

    /// <inheritdoc/>
    public IPinController Controller { get; }

    /// <summary>The pin's name, so log lines and messages read naturally.</summary>
    public override string ToString() => Name;
}
