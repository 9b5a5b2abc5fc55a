using System.Text;
using EspWs.App.Discovery;
using EspWs.App.Health;
using EspWs.App.Metrics;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;

namespace EspWs.App.Web;

/// <summary>
/// Adds what operators read to the device's plain HTTP: <c>/metrics</c> (Prometheus), <c>/healthz</c> and <c>/devices</c>
/// (the other EspWs devices heard), and asks for <c>Security:Token</c> on <c>/metrics</c>, <c>/status</c> and <c>/devices</c>;
/// every other request goes on to the control page's endpoint.
/// </summary>
public sealed class OperationsEndpoint : IHttpEndpoint
{
    /// <summary>The path of the Prometheus metrics.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The path of the health check.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>The path of the list of other EspWs devices heard on the network.</summary>
    public const string DevicesPath = "/devices";

    private const string TextType = "text/plain; charset=utf-8";
    private static readonly (string Name, string Value)[] NoStore = [("Cache-Control", "no-store")];

    private static readonly byte[] MetricsNotReady = HttpResponses.Error(503, "Metrics are not attached yet.");

    private readonly IHttpEndpoint _next;
    private readonly HealthCheck _health;
    private readonly TokenGate _gate;
    private IReadOnlyList<MetricFamily>? _metrics;
    private DeviceDirectory? _devices;

    /// <summary>Serves <paramref name="health"/>, guards <c>/metrics</c> and <c>/status</c> with <paramref name="token"/> (none when empty), and passes the rest to <paramref name="next"/>.</summary>
    public OperationsEndpoint(IHttpEndpoint next, HealthCheck health, string? token)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(health);
        _next = next;
        _health = health;
        _gate = new TokenGate(token);
    }

    /// <summary>
    /// Serves <paramref name="metrics"/> at <c>/metrics</c>; call before the server starts (the metrics read the server,
    /// which needs this endpoint first).
    /// </summary>
    public void Attach(IReadOnlyList<MetricFamily> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
    }

    /// <summary>Serves <paramref name="devices"/> at <c>/devices</c>; without it the path is not found.</summary>
    public void Attach(DeviceDirectory devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        _devices = devices;
    }

    /// <inheritdoc/>
    public byte[] Respond(HandshakeResult request)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool headOnly = request.Method == "HEAD";
        if (!headOnly && request.Method != "GET")
        {
            return _next.Respond(request);
        }

        switch (request.Path)
        {
            case HealthPath:
                HealthReport report = _health.Check();
                return report.IsUp
                    ? HttpResponses.Create(200, TextType, "up\n"u8, headOnly, NoStore)
                    : HttpResponses.Create(503, TextType, Encoding.UTF8.GetBytes($"down: {report.Reason}\n"), headOnly, NoStore);
            case MetricsPath when _gate.Admits(request):
                return _metrics is null ? MetricsNotReady : PrometheusText.Write(_metrics, body => HttpResponses.Create(200, PrometheusText.ContentType, body.Span, headOnly, NoStore));
            case DevicesPath when _devices is not null && _gate.Admits(request):
                return HttpResponses.Create(200, "application/json; charset=utf-8", DevicesJson.ToUtf8(_devices.List()), headOnly, NoStore);
            case MetricsPath or ControlPageEndpoint.StatusPath or DevicesPath when !_gate.Admits(request):
                return TokenGate.Unauthorized;
            default:
                return _next.Respond(request);
        }
    }
}
