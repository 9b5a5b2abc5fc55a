using System.Diagnostics.Metrics;
using EspWs.App.Mqtt;
using EspWs.App.Server;

namespace EspWs.App.Metrics;

/// <summary>
/// The app's figures, once: the <c>EspWs</c> <see cref="Meter"/> that dotnet-counters and any MeterListener read, and
/// the families <c>GET /metrics</c> writes in Prometheus' text format (docs/operations.md lists them).
/// </summary>
/// <remarks>
/// Every instrument is observable: nothing is counted here, each figure is read from its owner when a listener or a
/// scrape asks, so the frame path pays nothing for metrics and the two views can never disagree.
/// </remarks>
public sealed class EspWsMetrics : IDisposable
{
    /// <summary>The name of the Meter, as <c>dotnet-counters monitor --counters EspWs</c> selects it.</summary>
    public const string MeterName = "EspWs";

    private static readonly string[] Generations = ["0", "1", "2"];
    private static readonly MqttLinkState[] MqttStates = Enum.GetValues<MqttLinkState>();
    private static readonly string[] MqttStateLabels = [.. MqttStates.Select(m => m.ToString().ToLowerInvariant())];
    private static readonly string[] RefusalLabels =
        [.. ServerCounters.RefusalStatuses.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)), "other"];

    private readonly Meter _meter;

    /// <summary>Describes every figure from <paramref name="sources"/> and publishes them on a new EspWs Meter.</summary>
    public EspWsMetrics(MetricSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        Families = Describe(sources);
        _meter = new Meter(MeterName, typeof(EspWsMetrics).Assembly.GetName().Version?.ToString());
        foreach (MetricFamily family in Families)
        {
            Publish(family);
        }
    }

    /// <summary>The Meter the instruments are published on.</summary>
    internal Meter Meter => _meter;

    /// <summary>Every figure, in the order <c>GET /metrics</c> writes them.</summary>
    public IReadOnlyList<MetricFamily> Families { get; }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();

    private static MetricFamily[] Describe(MetricSources s)
    {
        ServerCounters server = s.Server;
        IReadOnlyList<string> codes = ServerCounters.CloseCodeLabels;
        return
        [
            new("espws_connections", MetricKind.Gauge, "{connection}", "WebSocket clients connected now.", _ => s.Connections()),
            new("espws_connections_accepted_total", MetricKind.Counter, "{connection}", "WebSocket handshakes accepted since start.",
                _ => server.ConnectionsAccepted),
            new("espws_handshakes_refused_total", MetricKind.Counter, "{request}",
                "Handshakes and plain requests refused, by HTTP status (other: any status not listed).",
                i => server.Refused(i < ServerCounters.RefusalStatuses.Count ? ServerCounters.RefusalStatuses[i] : 0),
                "status", RefusalLabels),
            new("espws_messages_received_total", MetricKind.Counter, "{message}", "Complete text and binary messages received from clients.",
                _ => server.MessagesIn),
            new("espws_messages_sent_total", MetricKind.Counter, "{message}", "Data frames sent to clients (echoes, LED states, board messages).",
                _ => server.MessagesOut),
            new("espws_received_bytes_total", MetricKind.Counter, "By", "Payload bytes of the messages received.", _ => server.BytesIn),
            new("espws_sent_bytes_total", MetricKind.Counter, "By", "Payload bytes of the data frames sent.", _ => server.BytesOut),
            new("espws_close_frames_sent_total", MetricKind.Counter, "{frame}", "Close frames the server sent, by close code.",
                i => server.CloseSent(codes[i]), "code", codes),
            new("espws_close_frames_received_total", MetricKind.Counter, "{frame}", "Close frames clients sent, by close code (1005: none given).",
                i => server.CloseReceived(codes[i]), "code", codes),
            new("espws_clients_dropped_slow_total", MetricKind.Counter, "{connection}", "Clients closed for not reading their messages in time.",
                _ => server.DroppedTooSlow),
            new("espws_clients_dropped_slow_message_total", MetricKind.Counter, "{connection}",
                "Clients closed with 1008 because a message holding shared memory arrived below Server:MinMessageDataRate.",
                _ => server.MessagesTooSlow),
            new("espws_led_changes_total", MetricKind.Counter, "{change}", "Changes of the LED, by the door they came through.",
                s.LedChanges.Count, "source", LedChangeTally.SourceLabels),
            new("espws_led_on", MetricKind.Gauge, "1", "1 when the LED is lit, 0 when not.", _ => s.Led().IsOn ? 1 : 0),
            new("espws_led_brightness", MetricKind.Gauge, "%", "The brightness the LED is set to, in percent (a fade's target while one runs); 0 while it is off.",
                _ => s.Led() is { IsOn: true } led ? led.Brightness : 0),
            new("espws_button_presses_total", MetricKind.Counter, "{press}", "Presses of the push button, by kind.",
                i => s.ButtonPresses?.Count(i) ?? 0, "event", ButtonPressTally.EventLabels),
            new("espws_board_link_up", MetricKind.Gauge, "1", "1 when the board's link is up, 0 while it is lost.", _ => s.BoardLinkUp() ? 1 : 0),
            new("espws_mqtt_link", MetricKind.Gauge, "1", "1 for the state the MQTT link is in now (disabled, connecting, connected, lost), 0 for the others.",
                i => (s.Mqtt?.Invoke() ?? MqttLinkState.Disabled) == MqttStates[i] ? 1 : 0, "state", MqttStateLabels),
            new("espws_gc_heap_bytes", MetricKind.Gauge, "By", "Bytes the .NET garbage-collected heap holds now.", _ => GC.GetTotalMemory(false)),
            new("espws_gc_collections_total", MetricKind.Counter, "{collection}", "Garbage collections since start, by generation.",
                g => GC.CollectionCount(g), "generation", Generations),
        ];
    }

    private void Publish(MetricFamily family)
    {
        if (family.Kind == MetricKind.Counter)
        {
            _meter.CreateObservableCounter(family.InstrumentName, () => Measure(family), family.Unit, family.Help);
        }
        else
        {
            _meter.CreateObservableGauge(family.InstrumentName, () => Measure(family), family.Unit, family.Help);
        }
    }

    private static Measurement<long>[] Measure(MetricFamily family)
    {
        if (family.LabelName is null)
        {
            return [new Measurement<long>(family.Read(0))];
        }

        var measurements = new Measurement<long>[family.SeriesCount];
        for (int i = 0; i < measurements.Length; i++)
        {
            measurements[i] = new Measurement<long>(family.Read(i), new KeyValuePair<string, object?>(family.LabelName, family.LabelValues[i]));
        }

        return measurements;
    }
}
