using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Conformance;

/// <summary>
/// One real server per conformance group, shared by the group's cases, which xunit runs one after another;
/// every case ends by proving the server still accepts, echoes and has every slot free.
/// </summary>
/// <remarks>
/// The server starts when a case first needs it, so a group run over TLS (TlsConformanceServerFixture), which
/// inherits the plain group's fixture declaration too, starts no plain server it does not use.
/// </remarks>
public class ConformanceServerFixture : IAsyncLifetime
{
    /// <summary>The message cap the suite runs with, as the brief asks: large enough for every 9.x case.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

    private readonly Lazy<TestServer> _server;
    private readonly TestCertificate? _certificate;

    public ConformanceServerFixture()
        : this(overTls: false)
    {
    }

    protected ConformanceServerFixture(bool overTls)
    {
        _certificate = overTls ? TestCertificate.Create() : null;
        _server = new Lazy<TestServer>(() => TestServer.Start(TestServer.DefaultOptions with
        {
            MaxClients = 16,
            MaxMessageBytes = MaxMessageBytes,
            CloseTimeout = TimeSpan.FromSeconds(2),
        }, tls: _certificate));
    }

    public TestServer Server => _server.Value;

    /// <summary>The certificate the server speaks TLS with, or null for plain TCP.</summary>
    public TestCertificate? Certificate => _certificate;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server.IsValueCreated)
        {
            await _server.Value.DisposeAsync();
        }

        _certificate?.Dispose();
    }

    /// <summary>Opens a WebSocket to the server for one case.</summary>
    public async Task<CaseConnection> OpenAsync() => new(await RawClient.OpenAsync(Server.EndPoint, _certificate));

    /// <summary>Runs case <paramref name="caseId"/> on a fresh WebSocket connection, then checks the server is unharmed; a failure names the case.</summary>
    public Task RunAsync(string caseId, Func<CaseConnection, Task> body) =>
        RunCaseAsync(caseId, async () =>
        {
            await using CaseConnection connection = await OpenAsync();
            await body(connection);
        });

    /// <summary>Runs case <paramref name="caseId"/> on a fresh TCP connection that has sent nothing yet, for handshake cases.</summary>
    public Task RunRawAsync(string caseId, Func<RawClient, Task> body) =>
        RunCaseAsync(caseId, async () =>
        {
            await using RawClient client = await RawClient.ConnectAsync(Server.EndPoint, _certificate);
            await body(client);
        });

    private async Task RunCaseAsync(string caseId, Func<Task> body)
    {
        try
        {
            await body();
            await AssertStillServesAsync();
        }
        catch (Exception ex) when (ex is not CaseFailedException)
        {
            throw new CaseFailedException(caseId, ex);
        }
    }

    /// <summary>Every slot returns to WaitingForClient, and a new client is accepted, echoed and closed cleanly.</summary>
    public async Task AssertStillServesAsync()
    {
        Assert.True(await Server.AllSlotsFreeAsync(), "a slot did not return to WaitingForClient after the case");
        await using CaseConnection probe = await OpenAsync();
        await probe.ExpectStillOpenAsync();
        await probe.CloseAsync(1000);
        Assert.True(await Server.AllSlotsFreeAsync(), "the probe's slot did not return to WaitingForClient");
    }
}
