using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using EspWs.App.Control;
using EspWs.App.Metrics;
using EspWs.App.Mqtt;
using EspWs.App.Server;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Metrics;

/// <summary>The figures read from the parts that own them, as the Prometheus text and the EspWs Meter show them.</summary>
public sealed class EspWsMetricsTests : IDisposable
{
    private readonly ServerCounters _counters = new();
    private readonly LedChangeTally _ledChanges = new();
    private int _connections;
    private LedState _led;
    private bool _linkUp = true;
    private MqttLinkState _mqtt = MqttLinkState.Disabled;
    private readonly EspWsMetrics _metrics;

    private readonly ITestOutputHelper _output;

    public EspWsMetricsTests(ITestOutputHelper output)
    {
        _output = output;
        _metrics = new EspWsMetrics(new MetricSources(_counters, () => _connections, () => _led, () => _linkUp, _ledChanges, () => _mqtt));
    }

    public void Dispose() => _metrics.Dispose();

    [Fact]
    public void Server_counters_map_to_their_prometheus_series()
    {
        _counters.OnConnected();
        _counters.OnConnected();
        _counters.OnDisconnected();
        _counters.OnRefused(401);
        _counters.OnRefused(503);
        _counters.OnRefused(503);
        _counters.OnRefused(418);
        _counters.OnMessageIn(5);
        _counters.OnMessageIn(7);
        _counters.OnMessagesOut(3, 40);
        _counters.OnCloseSent(1009);
        _counters.OnCloseReceived(1000);
        _counters.OnCloseReceived(4001);
        _counters.OnDroppedTooSlow();
        _counters.OnMessageTooSlow();
        _counters.OnMessageTooSlow();
        _connections = 1;

        Dictionary<string, long> series = Scrape();

        Assert.Equal(1, series["espws_connections"]);
        Assert.Equal(2, series["espws_connections_accepted_total"]);
        Assert.Equal(1, series["espws_handshakes_refused_total{status=\"401\"}"]);
        Assert.Equal(2, series["espws_handshakes_refused_total{status=\"503\"}"]);
        Assert.Equal(1, series["espws_handshakes_refused_total{status=\"other\"}"]);
        Assert.Equal(0, series["espws_handshakes_refused_total{status=\"403\"}"]);
        Assert.Equal(2, series["espws_messages_received_total"]);
        Assert.Equal(12, series["espws_received_bytes_total"]);
        Assert.Equal(3, series["espws_messages_sent_total"]);
        Assert.Equal(40, series["espws_sent_bytes_total"]);
        Assert.Equal(1, series["espws_close_frames_sent_total{code=\"1009\"}"]);
        Assert.Equal(1, series["espws_close_frames_received_total{code=\"1000\"}"]);
        Assert.Equal(1, series["espws_close_frames_received_total{code=\"4000-4999\"}"]);
        Assert.Equal(0, series["espws_close_frames_received_total{code=\"1009\"}"]);
        Assert.Equal(1, series["espws_clients_dropped_slow_total"]);
        Assert.Equal(2, series["espws_clients_dropped_slow_message_total"]);
    }

    [Theory]
    [InlineData(MqttLinkState.Disabled, "disabled")]
    [InlineData(MqttLinkState.Connecting, "connecting")]
    [InlineData(MqttLinkState.Connected, "connected")]
    [InlineData(MqttLinkState.Lost, "lost")]
    public void Mqtt_link_state_is_the_one_series_set_to_1(MqttLinkState state, string label)
    {
        _mqtt = state;

        Dictionary<string, long> series = Scrape();

        foreach (string other in new[] { "disabled", "connecting", "connected", "lost" })
        {
            Assert.Equal(other == label ? 1 : 0, series[$"espws_mqtt_link{{state=\"{other}\"}}"]);
        }
    }

    [Fact]
    public void Led_state_link_and_changes_by_source_are_read_when_scraped()
    {
        _ledChanges.OnChanged(new LedChange(new LedState(true, 4), LedChangeSource.PowerOn));
        _ledChanges.OnChanged(new LedChange(new LedState(false, 5), LedChangeSource.WebSocket));
        _ledChanges.OnChanged(new LedChange(new LedState(true, 6), LedChangeSource.WebSocket));
        _ledChanges.OnChanged(new LedChange(new LedState(false, 7), LedChangeSource.Mqtt));
        _led = new LedState(true, 6);
        _linkUp = false;

        Dictionary<string, long> series = Scrape();

        Assert.Equal(2, series["espws_led_changes_total{source=\"websocket\"}"]);
        Assert.Equal(1, series["espws_led_changes_total{source=\"mqtt\"}"]);
        Assert.Equal(1, series["espws_led_changes_total{source=\"power_on\"}"]);
        Assert.Equal(1, series["espws_led_on"]);
        Assert.Equal(0, series["espws_board_link_up"]);

        _led = new LedState(false, 7);
        _linkUp = true;
        series = Scrape();
        Assert.Equal(0, series["espws_led_on"]);
        Assert.Equal(1, series["espws_board_link_up"]);
    }

    [Fact]
    public void Every_family_has_help_type_and_espws_name_and_counters_end_in_total()
    {
        string text = ScrapeText();

        foreach (MetricFamily family in _metrics.Families)
        {
            Assert.StartsWith("espws_", family.Name);
            Assert.Contains($"# HELP {family.Name} ", text);
            string type = family.Kind == MetricKind.Counter ? "counter" : "gauge";
            Assert.Contains($"# TYPE {family.Name} {type}\n", text);
            Assert.Equal(family.Kind == MetricKind.Counter, family.Name.EndsWith("_total", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Meter_named_EspWs_reports_the_same_figures_as_the_text()
    {
        _counters.OnConnected();
        _counters.OnRefused(429);
        _counters.OnCloseSent(1001);
        _led = new LedState(true, 1);
        _connections = 1;
        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Other tests may run hosts of their own: only this test's Meter counts.
            if (instrument.Meter.Name == EspWsMetrics.MeterName && ReferenceEquals(instrument.Meter, _metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string label = tags.Length == 0 ? "" : $"{{{tags[0].Key}=\"{tags[0].Value}\"}}";
            measured[PrometheusName(instrument) + label] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Dictionary<string, long> scraped = Scrape();

        Assert.Equal(scraped.Count, measured.Count);
        foreach ((string series, long value) in scraped)
        {
            if (series.StartsWith("espws_gc_", StringComparison.Ordinal))
            {
                // The runtime's own figures move between two readings; that they are on the Meter is enough here.
                Assert.True(measured.ContainsKey(series), $"{series} is not on the Meter");
                continue;
            }

            Assert.True(measured.TryGetValue(series, out long fromMeter), $"{series} is not on the Meter");
            Assert.Equal(value, fromMeter);
        }
    }

    [Fact]
    public void Scrape_allocates_no_more_than_the_response_and_a_small_fixed_overhead()
    {
        var endpoint = new EspWs.App.Web.OperationsEndpoint(new EspWs.App.Web.ControlPageEndpoint(new Web.FixedStatusSource()),
            new EspWs.App.Health.HealthCheck(() => true, () => true), token: null);
        endpoint.Attach(_metrics.Families);
        var request = new EspWs.App.Server.Protocol.HandshakeResult { Method = "GET", Path = "/metrics" };
        int size = endpoint.Respond(request).Length;

        long before = GC.GetAllocatedBytesForCurrentThread();
        byte[] response = endpoint.Respond(request);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        _output.WriteLine($"scrape: response {response.Length} bytes, allocated {allocated} bytes");
        Assert.Equal(size, response.Length);
        // docs/operations.md: a scrape allocates its response plus at most 2 KiB (the head's text, a closure).
        Assert.InRange(allocated, response.Length, response.Length + 2048);
    }

    private static string PrometheusName(Instrument instrument)
    {
        string name = instrument.Name.Replace('.', '_');
        return instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private string ScrapeText() => PrometheusText.Write(_metrics.Families, body => Encoding.UTF8.GetString(body.Span));

    private Dictionary<string, long> Scrape()
    {
        var series = new Dictionary<string, long>();
        foreach (string line in ScrapeText().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith('#'))
            {
                int space = line.LastIndexOf(' ');
                series[line[..space]] = long.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return series;
    }
}
