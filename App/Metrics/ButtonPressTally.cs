using EspWs.App.Control;

namespace EspWs.App.Metrics;

/// <summary>Counts the push button's presses by kind, from the controller's <see cref="LedController.ButtonPressed"/>.</summary>
public sealed class ButtonPressTally
{
    /// <summary>The <c>event</c> label of each <see cref="ButtonEvent"/>, in the enum's order.</summary>
    public static readonly IReadOnlyList<string> EventLabels = ["click", "double_click", "long_click"];

    private readonly long[] _presses = new long[EventLabels.Count];

    /// <summary>Counts <paramref name="press"/>; returns at once. Hand it to <see cref="LedController.ButtonPressed"/>.</summary>
    public void OnPressed(ButtonEvent press) => Interlocked.Increment(ref _presses[(int)press]);

    /// <summary>How many presses of the kind at <paramref name="index"/> of <see cref="EventLabels"/> there were.</summary>
    public long Count(int index) => Volatile.Read(ref _presses[index]);
}
