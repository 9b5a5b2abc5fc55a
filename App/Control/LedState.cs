namespace EspWs.App.Control;

/// <summary>The LED's state as clients are told it: lit or not, and how many changes since start (the state message's <c>seq</c>).</summary>
/// <param name="IsOn">True when the LED is lit.</param>
/// <param name="Sequence">How many times the LED changed since the app started; a higher value is a newer state.</param>
public readonly record struct LedState(bool IsOn, long Sequence);
