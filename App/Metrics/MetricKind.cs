namespace EspWs.App.Metrics;

/// <summary>How a figure moves, which decides its Prometheus type and its kind of .NET instrument.</summary>
public enum MetricKind
{
    /// <summary>Only grows from start (Prometheus <c>counter</c>, an ObservableCounter); its name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>Goes up and down (Prometheus <c>gauge</c>, an ObservableGauge).</summary>
    Gauge,
}
