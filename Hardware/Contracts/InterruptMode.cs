namespace EspWs.Hardware;

/// <summary>Which edges of an input raise <see cref="IDigitalInterruptPort.Changed"/>, as Meadow's <c>InterruptMode</c>.</summary>
public enum InterruptMode
{
    /// <summary>No edge raises an event.</summary>
    None,

    /// <summary>High to low.</summary>
    EdgeFalling,

    /// <summary>Low to high.</summary>
    EdgeRising,

    /// <summary>Either edge.</summary>
    EdgeBoth,
}
