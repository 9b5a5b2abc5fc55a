using EspWs.App.Configuration;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Mqtt;

/// <summary>The device against a real mosquitto with a TLS listener whose certificate comes from a home CA the test makes.</summary>
public sealed class MqttTlsTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = new();

    public void Dispose() => _ca.Dispose();

    [Fact]
    public async Task Joins_a_broker_of_a_home_ca_given_as_Mqtt_CaFile_without_a_revocation_list()
    {
        await using Mosquitto broker = await StartBrokerAsync(_ca.Broker());
        await using MqttDevice device = await MqttDevice.StartAsync(Tls(broker.Port, caFile: _ca.CertificatePath));

        Assert.True(await device.ConnectedAsync(), Log(device));
    }

    [Fact]
    public async Task Joins_a_broker_that_requires_a_client_certificate_when_the_device_presents_one()
    {
        await using Mosquitto broker = await StartBrokerAsync(_ca.Broker(), "require_certificate true");
        (string certificate, string key) = _ca.Client("espws-test");
        MqttSettings settings = Tls(broker.Port, caFile: _ca.CertificatePath);
        settings.ClientCertificatePath = certificate;
        settings.ClientKeyPath = key;
        await using MqttDevice device = await MqttDevice.StartAsync(settings);

        Assert.True(await device.ConnectedAsync(), Log(device));
    }

    [Fact]
    public async Task Without_Mqtt_CaFile_the_home_ca_is_untrusted_and_the_log_names_Mqtt_CaFile()
    {
        await using Mosquitto broker = await StartBrokerAsync(_ca.Broker());
        await using MqttDevice device = await MqttDevice.StartAsync(Tls(broker.Port, caFile: null));

        string line = await FailureAsync(device);

        Assert.True(line.Contains("does not chain to the system's trusted roots: set Mqtt:CaFile to the PEM certificate of the CA that signed it", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_naming_Mqtt_Host()
    {
        await using Mosquitto broker = await StartBrokerAsync(_ca.Broker("broker.home.arpa", withLoopback: false));
        await using MqttDevice device = await MqttDevice.StartAsync(Tls(broker.Port, caFile: _ca.CertificatePath));

        string line = await FailureAsync(device);

        Assert.True(line.Contains("does not name '127.0.0.1' (it is for 'broker.home.arpa'): set Mqtt:Host to a name the certificate carries", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task An_expired_broker_certificate_is_refused_saying_so()
    {
        await using Mosquitto broker = await StartBrokerAsync(_ca.Broker(expired: true));
        await using MqttDevice device = await MqttDevice.StartAsync(Tls(broker.Port, caFile: _ca.CertificatePath));

        string line = await FailureAsync(device);

        Assert.True(line.Contains("not now: renew it on the broker", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task Revocation_that_cannot_be_checked_online_is_refused_naming_Mqtt_RevocationCheck()
    {
        // The CA names a revocation list at a loopback port nobody listens on: the check cannot learn the status.
        using var ca = new TestCertificateAuthority(crlUrl: $"http://127.0.0.1:{LoopbackPort.Free()}/home-ca.crl");
        await using Mosquitto broker = await StartBrokerAsync(ca.Broker(), caFile: ca.CertificatePath);
        MqttSettings settings = Tls(broker.Port, caFile: ca.CertificatePath);
        settings.RevocationCheck = MqttRevocationCheck.Online;
        await using MqttDevice device = await MqttDevice.StartAsync(settings);

        string line = await FailureAsync(device);

        Assert.True(line.Contains("the revocation of the broker's certificate is unknown", StringComparison.Ordinal), line);
        Assert.True(line.Contains("Mqtt:RevocationCheck=NoCheck", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task Tls_against_a_plain_listener_names_Mqtt_UseTls_and_Mqtt_Port()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(Tls(broker.Port, caFile: _ca.CertificatePath));

        string line = await FailureAsync(device);

        Assert.True(line.Contains("Mqtt:UseTls", StringComparison.Ordinal), line);
        Assert.True(line.Contains("Mqtt:Port", StringComparison.Ordinal), line);
    }

    [Fact]
    public async Task Plain_against_a_tls_listener_names_Mqtt_UseTls_and_Mqtt_Port()
    {
        await using Mosquitto broker = await StartBrokerAsync(_ca.Broker());
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));

        string line = await FailureAsync(device);

        Assert.True(line.Contains("Mqtt:UseTls", StringComparison.Ordinal), line);
        Assert.True(line.Contains("Mqtt:Port", StringComparison.Ordinal), line);
    }

    private Task<Mosquitto> StartBrokerAsync((string Certificate, string Key) broker, string? extra = null, string? caFile = null) =>
        Mosquitto.StartAsync(extraConfig:
        [
            $"certfile {broker.Certificate}", $"keyfile {broker.Key}", $"cafile {caFile ?? _ca.CertificatePath}", .. extra is null ? Array.Empty<string>() : [extra],
        ]);

    private static MqttSettings Tls(int port, string? caFile)
    {
        MqttSettings settings = MqttDevice.Settings(port);
        settings.UseTls = true;
        settings.CaFile = caFile ?? "";
        return settings;
    }

    // The warning the link logs when a join fails.
    private static async Task<string> FailureAsync(MqttDevice device)
    {
        string? line = null;
        bool logged = await TestTimeout.Until(() =>
            (line = device.Log.Lines.FirstOrDefault(l => l.Level >= LogLevel.Warning && l.Message.Contains("cannot join", StringComparison.Ordinal)).Message) is not null);
        Assert.True(logged, Log(device));
        Assert.NotEqual(EspWs.App.Mqtt.MqttLinkState.Connected, device.Link.State);
        return line!;
    }

    private static string Log(MqttDevice device) => string.Join('\n', device.Log.Lines.Select(l => l.Message));
}
