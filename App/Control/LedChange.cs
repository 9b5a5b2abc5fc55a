namespace EspWs.App.Control;

/// <summary>One change of the LED, as every door to it hears of it.</summary>
/// <param name="State">The state the LED took and its sequence number (the state message's <c>seq</c>).</param>
/// <param name="Source">The door the command came through.</param>
public readonly record struct LedChange(LedState State, LedChangeSource Source);
