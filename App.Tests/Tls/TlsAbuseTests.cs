using System.Diagnostics;
using EspWs.App.Tests.Abuse;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Tls;

/// <summary>Abusive clients over TLS: each is dropped on time, at Debug, with its slot freed and the other clients served.</summary>
[Collection(AbuseTestGroup.Name)]
public sealed class TlsAbuseTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Fact]
    public async Task Client_that_connects_and_never_says_hello_is_dropped_at_the_handshake_timeout()
    {
        TimeSpan timeout = TimeSpan.FromMilliseconds(500);
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { HandshakeTimeout = timeout }, tls: _certificate);
        await using RawClient silent = await RawClient.ConnectAsync(server.EndPoint);
        var clock = Stopwatch.StartNew();

        bool dropped = await silent.ServerClosesTcpAsync();

        output.WriteLine($"HandshakeTimeout {timeout.TotalMilliseconds} ms: the client that never sent its ClientHello was dropped after {clock.ElapsedMilliseconds} ms");
        Assert.True(dropped, "the silent client was never dropped");
        Assert.InRange(clock.ElapsedMilliseconds, 400, 3_000);
        Assert.True(await server.AllSlotsFreeAsync());
    }

    [Theory]
    [InlineData("plain-text request", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    [InlineData("garbage ClientHello", "\u0016\u0003\u0001\u0000\u0020this is not a ClientHello, no......")]
    public async Task Non_tls_bytes_on_the_tls_port_are_dropped_at_debug_while_a_good_client_goes_on(string what, string sent)
    {
        var loggers = new CapturingLoggerFactory();
        await using TestServer server = TestServer.Start(loggers: loggers, tls: _certificate);
        await using RawClient good = await RawClient.OpenAsync(server.EndPoint, _certificate);
        await using RawClient bad = await RawClient.ConnectAsync(server.EndPoint);

        await bad.SendAsync(System.Text.Encoding.Latin1.GetBytes(sent));

        string answer = await bad.ReadToEndAsync();
        Assert.True(answer.Length == 0 || answer[0] == '\u0015', $"the {what} got a plain answer instead of a TLS alert or nothing: {answer}");
        Assert.True(await TestTimeout.Until(() => server.Server.AvailableSlots == server.Options.MaxClients - 1), $"the {what}'s slot was not freed");
        await good.SendTextAsync("after " + what);
        Assert.Equal("after " + what, System.Text.Encoding.UTF8.GetString((await good.ReadFrameAsync())!.Payload));
        Assert.Contains(loggers.Lines, l => l.Level == LogLevel.Debug && l.Message.Contains("TLS handshake failed", StringComparison.Ordinal));
        Assert.DoesNotContain(loggers.Lines, l => l.Level >= LogLevel.Warning);
        Assert.DoesNotContain(loggers.Lines, l => l.Message.Contains("   at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2, 16, "429")]
    [InlineData(16, 2, "503")]
    public async Task Per_address_and_total_limits_refuse_before_any_tls_handshake(int perAddress, int slots, string status)
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxConnectionsPerAddress = perAddress, MaxClients = slots }, tls: _certificate);
        await using RawClient first = await RawClient.OpenAsync(server.EndPoint, _certificate);
        await using RawClient second = await RawClient.OpenAsync(server.EndPoint, _certificate);
        await using RawClient third = await RawClient.ConnectAsync(server.EndPoint);

        // A plain-text answer to a client that has sent nothing: the refusal came before any TLS handshake.
        string answer = await third.ReadToEndAsync();

        Assert.StartsWith($"HTTP/1.1 {status} ", answer);
        Assert.Equal(slots - 2, server.Server.AvailableSlots);
        await second.SendTextAsync("still served");
        Assert.Equal("still served", System.Text.Encoding.UTF8.GetString((await second.ReadFrameAsync())!.Payload));
    }

    public void Dispose() => _certificate.Dispose();
}
