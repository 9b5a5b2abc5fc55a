using System.Text;
using EspWs.App.Health;
using EspWs.App.Metrics;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using EspWs.App.Web;

namespace EspWs.App.Tests.Web;

/// <summary>/metrics, /healthz and the token on /status, as the HTTP endpoint answers them.</summary>
public sealed class OperationsEndpointTests : IDisposable
{
    private const string Token = "0123456789abcdef-secret";
    private bool _listening = true;
    private bool _linkUp = true;
    private readonly EspWsMetrics _metrics;

    public OperationsEndpointTests()
    {
        _metrics = new EspWsMetrics(new MetricSources(new ServerCounters(), () => 0, () => default, () => _linkUp, new LedChangeTally()));
    }

    public void Dispose() => _metrics.Dispose();

    [Theory]
    [InlineData("/status")]
    [InlineData("/metrics")]
    [InlineData("/devices")]
    public void Guarded_path_without_the_token_is_401_with_bearer_challenge(string path)
    {
        HttpExchange response = Respond(Endpoint(Token), "GET", path);

        Assert.Equal(401, response.Status);
        Assert.Equal("Bearer", response.Header("WWW-Authenticate"));
        Assert.DoesNotContain("simulated", response.BodyText);
    }

    [Theory]
    [InlineData("/status", "Authorization", "Bearer " + Token, null)]
    [InlineData("/status", null, null, "token=" + Token)]
    [InlineData("/metrics", "Authorization", "Bearer " + Token, null)]
    [InlineData("/metrics", null, null, "token=" + Token)]
    [InlineData("/devices", "Authorization", "Bearer " + Token, null)]
    public void Guarded_path_with_the_token_is_served(string path, string? header, string? value, string? query)
    {
        Dictionary<string, string> headers = header is null ? [] : new() { [header] = value! };

        HttpExchange response = Respond(Endpoint(Token), "GET", path, headers, query);

        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("Bearer 0123456789abcdef-secreT")]
    [InlineData("Basic " + Token)]
    [InlineData("Bearer")]
    public void Wrong_token_is_401(string authorization)
    {
        HttpExchange response = Respond(Endpoint(Token), "GET", "/metrics", new() { ["Authorization"] = authorization });

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public void Without_a_token_set_status_and_metrics_answer_anyone()
    {
        OperationsEndpoint endpoint = Endpoint(token: "");

        Assert.Equal(200, Respond(endpoint, "GET", "/status").Status);
        HttpExchange metrics = Respond(endpoint, "GET", "/metrics");
        Assert.Equal(200, metrics.Status);
        Assert.Equal(PrometheusText.ContentType, metrics.Header("Content-Type"));
        Assert.Contains("espws_led_on 0\n", metrics.BodyText);
    }

    [Fact]
    public void Healthz_is_open_and_says_up_when_listener_and_link_are_up()
    {
        HttpExchange response = Respond(Endpoint(Token), "GET", "/healthz");

        Assert.Equal(200, response.Status);
        Assert.Equal("up\n", response.BodyText);
    }

    [Theory]
    [InlineData(false, true, "listener")]
    [InlineData(true, false, "board's link")]
    public void Healthz_is_503_naming_what_is_down(bool listening, bool linkUp, string named)
    {
        _listening = listening;
        _linkUp = linkUp;

        HttpExchange response = Respond(Endpoint(Token), "GET", "/healthz");

        Assert.Equal(503, response.Status);
        Assert.StartsWith("down: ", response.BodyText);
        Assert.Contains(named, response.BodyText);
        Assert.DoesNotContain("simulated", response.BodyText);
    }

    [Fact]
    public void Head_of_metrics_has_the_length_and_no_body()
    {
        OperationsEndpoint endpoint = Endpoint(token: "");
        HttpExchange get = Respond(endpoint, "GET", "/metrics");

        HttpExchange head = Respond(endpoint, "HEAD", "/metrics");

        Assert.Equal(get.ContentLength, head.ContentLength);
        Assert.Empty(head.Body);
    }

    [Fact]
    public void Devices_lists_the_devices_heard_as_json()
    {
        HttpExchange response = Respond(Endpoint(""), "GET", "/devices");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("{\"devices\":[]}", response.BodyText);
    }

    [Fact]
    public void Other_paths_and_methods_go_on_to_the_control_page()
    {
        OperationsEndpoint endpoint = Endpoint(Token);

        Assert.Equal(404, Respond(endpoint, "GET", "/nothing").Status);
        Assert.Equal(405, Respond(endpoint, "POST", "/metrics").Status);
        Assert.Equal(200, Respond(endpoint, "GET", "/").Status);
    }

    private OperationsEndpoint Endpoint(string token)
    {
        var endpoint = new OperationsEndpoint(new ControlPageEndpoint(new FixedStatusSource()), new HealthCheck(() => _listening, () => _linkUp), token);
        endpoint.Attach(_metrics.Families);
        endpoint.Attach(new EspWs.App.Discovery.DeviceDirectory(4, TimeProvider.System));
        return endpoint;
    }

    private static HttpExchange Respond(OperationsEndpoint endpoint, string method, string path,
        Dictionary<string, string>? headers = null, string? query = null) =>
        HttpExchange.Parse(endpoint.Respond(new HandshakeResult
        {
            Kind = HandshakeKind.PlainHttp,
            Method = method,
            Path = path,
            Query = query,
            Headers = new Dictionary<string, string>(headers ?? [], StringComparer.OrdinalIgnoreCase),
        }));
}
