namespace EspWs.App.Control;

/// <summary>The LED's state as clients are told it: lit or not, its brightness, and how many changes since start (the state message's <c>seq</c>).</summary>
/// <param name="IsOn">True when the LED is lit.</param>
/// <param name="Sequence">How many times the LED changed since the app started; a higher value is a newer state.</param>
/// <param name="Brightness">The brightness in percent, 1 to 100, the LED shows when lit; kept while it is off, so <c>ON</c> brings it back.</param>
public readonly record struct LedState(bool IsOn, long Sequence, int Brightness = LedRequest.MaxBrightness)
{
    /// <summary>The perceived brightness the LED shows in this state, from 0 (off) to 1 (full).</summary>
    public float Level => IsOn ? Brightness / (float)LedRequest.MaxBrightness : 0f;
}
