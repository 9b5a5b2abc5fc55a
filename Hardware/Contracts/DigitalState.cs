namespace EspWs.Hardware;

/// <summary>An input's level at a moment, as Meadow's <c>DigitalState</c>.</summary>
/// <param name="State">The level: <see langword="true"/> is high.</param>
/// <param name="Time">When the level was seen, on the port's clock.</param>
public readonly record struct DigitalState(bool State, DateTimeOffset Time);
