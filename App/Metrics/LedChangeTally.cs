using EspWs.App.Control;

namespace EspWs.App.Metrics;

/// <summary>Counts the LED's changes by the door they came through, from the controller's <see cref="LedController.Changed"/>.</summary>
public sealed class LedChangeTally
{
    /// <summary>The <c>source</c> label of each <see cref="LedChangeSource"/>, in the enum's order.</summary>
    public static readonly IReadOnlyList<string> SourceLabels = ["websocket", "mqtt", "power_on", "button"];

    private readonly long[] _changes = new long[SourceLabels.Count];

    /// <summary>Counts <paramref name="change"/>; returns at once. Hand it to <see cref="LedController.Changed"/>.</summary>
    public void OnChanged(LedChange change) => Interlocked.Increment(ref _changes[(int)change.Source]);

    /// <summary>How many changes came through the source at <paramref name="index"/> of <see cref="SourceLabels"/>.</summary>
    public long Count(int index) => Volatile.Read(ref _changes[index]);
}
