using System.Globalization;

namespace EspWs.Bench.Load;

/// <summary>One row of the result table: a figure for both servers, their ratio, and the issue's target for it.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Unit">The unit of both values.</param>
/// <param name="EspWs">EspWs's value.</param>
/// <param name="Kestrel">Kestrel's value, or NaN when the row is EspWs's alone.</param>
/// <param name="Ratio">EspWs / Kestrel, or the ratio the target is about.</param>
/// <param name="Target">The target in words, or "-".</param>
/// <param name="Met">Whether the target is met; null when there is none or a value is missing.</param>
internal sealed record Figure(string Name, string Unit, double EspWs, double Kestrel, double Ratio, string Target, bool? Met)
{
    /// <summary>A figure whose target is a ratio to Kestrel: at least <paramref name="target"/> when higher is better, at most when lower is.</summary>
    public static Figure Compared(string name, string unit, double espWs, double kestrel, Better better, double? target)
    {
        double ratio = espWs / kestrel;
        bool? met = target is null || double.IsNaN(ratio) ? null : better == Better.Higher ? ratio >= target : ratio <= target;
        string text = target is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{(better == Better.Higher ? "≥" : "≤")} {target:0.##}×");
        return new Figure(name, unit, espWs, kestrel, ratio, text, met);
    }

    /// <summary>A figure of EspWs's alone, with its own target and the ratio that target is about (NaN for none).</summary>
    public static Figure Alone(string name, string unit, double espWs, double ratio, string target, bool? met) =>
        new(name, unit, espWs, double.NaN, ratio, target, met);

    /// <summary>The value written for the table in this figure's unit.</summary>
    public string Format(double value) => double.IsNaN(value)
        ? "-"
        : Unit switch
        {
            "µs/msg" or "MiB" or "KiB" or "ms" => value.ToString("N1", CultureInfo.InvariantCulture),
            _ => value.ToString("N0", CultureInfo.InvariantCulture),
        };
}
