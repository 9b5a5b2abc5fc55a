using System.Net.WebSockets;
using System.Security.Authentication;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Tls;

/// <summary>The BCL's own ClientWebSocket over wss://, trusting exactly the device's certificate.</summary>
public sealed class TlsClientTests : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Fact]
    public async Task Client_pinning_the_certificate_is_echoed_and_switches_the_led()
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        using var client = new ClientWebSocket();
        client.Options.RemoteCertificateValidationCallback = _certificate.Pinned;

        await client.ConnectAsync(server.WebSocketUri, TestTimeout.Token());
        await ClientMessages.SendTextAsync(client, "ON");

        Assert.Equal("wss", server.WebSocketUri.Scheme);
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        Assert.Contains("\"on\":true", await ClientMessages.ReceiveTextAsync(client), StringComparison.Ordinal);
        Assert.True(server.Led.IsOn);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "", TestTimeout.Token());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task Client_pinning_another_certificate_refuses_the_server_which_stays_unharmed()
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        using var stranger = TestCertificate.Create();
        using var client = new ClientWebSocket();
        client.Options.RemoteCertificateValidationCallback = stranger.Pinned;

        WebSocketException refused = await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(server.WebSocketUri, TestTimeout.Token()));

        Assert.IsType<AuthenticationException>(refused.InnerException?.InnerException ?? refused.InnerException);
        Assert.True(await server.AllSlotsFreeAsync());
        Assert.False(server.Led.IsOn);
    }

    [Fact]
    public async Task Plain_ws_client_on_the_tls_port_is_dropped_and_a_wss_client_is_then_served()
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        using (var plain = new ClientWebSocket())
        {
            var plainUri = new UriBuilder(server.WebSocketUri) { Scheme = "ws" }.Uri;
            await Assert.ThrowsAsync<WebSocketException>(() => plain.ConnectAsync(plainUri, TestTimeout.Token()));
        }

        Assert.True(await server.AllSlotsFreeAsync());
        await using RawClient good = await RawClient.OpenAsync(server.EndPoint, _certificate);
        await good.SendTextAsync("still here?");
        Assert.Equal("still here?", System.Text.Encoding.UTF8.GetString((await good.ReadFrameAsync())!.Payload));
    }

    [Fact]
    public async Task Status_and_control_page_are_served_over_https()
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == _certificate.Certificate.GetCertHashString() };
        using var http = new HttpClient(handler) { Timeout = TestTimeout.Default };
        var root = new Uri($"https://127.0.0.1:{server.EndPoint.Port}/");

        string page = await http.GetStringAsync(root);
        string status = await http.GetStringAsync(new Uri(root, "/status"));

        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"led\"", status, StringComparison.Ordinal);
    }

    public void Dispose() => _certificate.Dispose();
}
