namespace EspWs.Hardware;

/// <summary>One change of an input, as Meadow's <c>DigitalPortResult</c>: the new level and the one before it.</summary>
/// <param name="New">The level after the change.</param>
/// <param name="Old">The level before it, or null for the first change a port reports.</param>
public readonly record struct DigitalPortResult(DigitalState New, DigitalState? Old);
