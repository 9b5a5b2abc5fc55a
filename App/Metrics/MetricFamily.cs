using System.Text;

namespace EspWs.App.Metrics;

/// <summary>
/// One figure the app exposes, with its series (one per label value, or a single one) and where to read each of them:
/// the same reading feeds the EspWs <see cref="System.Diagnostics.Metrics.Meter"/> and <c>GET /metrics</c>.
/// </summary>
public sealed class MetricFamily
{
    private readonly Func<int, long> _read;

    /// <summary>
    /// Describes a figure named <paramref name="name"/> (Prometheus naming) read by <paramref name="read"/>, given the
    /// index of a value in <paramref name="labelValues"/> (0 when the figure has no label).
    /// </summary>
    public MetricFamily(string name, MetricKind kind, string unit, string help, Func<int, long> read,
        string? labelName = null, IReadOnlyList<string>? labelValues = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(read);
        if (kind == MetricKind.Counter != name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metric '{name}': counters, and only counters, end in _total (Prometheus naming).", nameof(name));
        }

        Name = name;
        Kind = kind;
        Unit = unit;
        Help = help;
        _read = read;
        LabelName = labelName;
        LabelValues = labelValues ?? [];
        PrometheusHead = Encoding.UTF8.GetBytes($"# HELP {name} {help}\n# TYPE {name} {(kind == MetricKind.Counter ? "counter" : "gauge")}\n");
        PrometheusSeries = labelName is null
            ? [Encoding.UTF8.GetBytes(name + " ")]
            : [.. LabelValues.Select(v => Encoding.UTF8.GetBytes($"{name}{{{labelName}=\"{v}\"}} "))];
    }

    /// <summary>The Prometheus name, such as <c>espws_connections_accepted_total</c>.</summary>
    public string Name { get; }

    /// <summary>The .NET instrument's name, from the Prometheus one: <c>espws.connections.accepted</c>.</summary>
    public string InstrumentName => (Kind == MetricKind.Counter ? Name[..^"_total".Length] : Name).Replace('_', '.');

    /// <summary>Whether the figure only grows or goes both ways.</summary>
    public MetricKind Kind { get; }

    /// <summary>The instrument's unit in UCUM, as dotnet-counters shows it (<c>By</c>, <c>{connection}</c>).</summary>
    public string Unit { get; }

    /// <summary>One sentence saying what the figure counts.</summary>
    public string Help { get; }

    /// <summary>The label that tells the series apart, or null for a single series.</summary>
    public string? LabelName { get; }

    /// <summary>The label's values, one series each; empty for a single series.</summary>
    public IReadOnlyList<string> LabelValues { get; }

    /// <summary>How many series the figure has.</summary>
    public int SeriesCount => Math.Max(1, LabelValues.Count);

    /// <summary>The family's <c># HELP</c> and <c># TYPE</c> lines, encoded once.</summary>
    internal byte[] PrometheusHead { get; }

    /// <summary>Each series' name and labels up to the value, encoded once.</summary>
    internal byte[][] PrometheusSeries { get; }

    /// <summary>Reads series <paramref name="index"/> now, from the part that owns the figure.</summary>
    public long Read(int index) => _read(index);
}
