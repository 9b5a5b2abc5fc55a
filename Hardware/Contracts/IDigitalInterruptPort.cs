namespace EspWs.Hardware;

/// <summary>A digital input that raises an event on its edges, as Meadow's <c>IDigitalInterruptPort</c>.</summary>
/// <remarks>
/// <see cref="Changed"/> may be raised on any thread, never on two at once for one port, and never after the
/// port is disposed. Edges closer than <see cref="GlitchDuration"/> are dropped, and after a reported edge no
/// other is reported for <see cref="DebounceDuration"/>.
/// </remarks>
public interface IDigitalInterruptPort : IDigitalInputPort
{
    /// <summary>Raised on each edge <see cref="InterruptMode"/> selects, after debounce and glitch filtering.</summary>
    event EventHandler<DigitalPortResult> Changed;

    /// <summary>Which edges raise <see cref="Changed"/>.</summary>
    InterruptMode InterruptMode { get; }

    /// <summary>How long after a reported edge no other edge is reported; zero for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set negative.</exception>
    TimeSpan DebounceDuration { get; set; }

    /// <summary>How long a new level must hold before it counts as an edge; zero for none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set negative.</exception>
    TimeSpan GlitchDuration { get; set; }
}
