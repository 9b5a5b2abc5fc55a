using EspWs.App.Tests.Mqtt;

namespace EspWs.App.Tests.Configuration;

/// <summary>The Mqtt TLS keys checked when the configuration loads: one line naming the key, exit 2 before anything starts.</summary>
public sealed class MqttTlsSettingsTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = new();
    private readonly TempConfigDirectory _config = new("Mqtt:\n  Host: broker.home.arpa\n");

    public void Dispose()
    {
        _ca.Dispose();
        _config.Dispose();
    }

    [Fact]
    public void CaFile_and_a_client_certificate_load_with_UseTls()
    {
        (string certificate, string key) = _ca.Client("espws");

        var result = _config.Load("--Mqtt:UseTls=true", $"--Mqtt:CaFile={_ca.CertificatePath}",
            $"--Mqtt:ClientCertificatePath={certificate}", $"--Mqtt:ClientKeyPath={key}");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(EspWs.App.Configuration.MqttRevocationCheck.Auto, result.Settings.Mqtt.RevocationCheck);
    }

    [Fact]
    public void Tls_keys_without_UseTls_name_the_keys_and_Mqtt_UseTls()
    {
        var result = _config.Load($"--Mqtt:CaFile={_ca.CertificatePath}");

        Assert.Equal("Mqtt:CaFile only apply to TLS: set Mqtt:UseTls=true (and Mqtt:Port to the broker's TLS listener, 8883 by convention), or remove them.", result.Error);
    }

    [Fact]
    public void CaFile_that_is_missing_or_holds_no_certificate_is_an_error_naming_it()
    {
        var missing = _config.Load("--Mqtt:UseTls=true", "--Mqtt:CaFile=/nonexistent/ca.pem");
        var empty = _config.Load("--Mqtt:UseTls=true", $"--Mqtt:CaFile={_config.FilePath}");

        Assert.StartsWith("Mqtt:CaFile = '/nonexistent/ca.pem' cannot be read: ", missing.Error, StringComparison.Ordinal);
        Assert.StartsWith($"Mqtt:CaFile = '{_config.FilePath}' holds no PEM certificate", empty.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_certificate_without_its_key_or_with_another_key_is_an_error_naming_both_keys()
    {
        (string certificate, _) = _ca.Client("espws");
        (_, string otherKey) = _ca.Client("other");

        var alone = _config.Load("--Mqtt:UseTls=true", $"--Mqtt:ClientCertificatePath={certificate}");
        var mismatched = _config.Load("--Mqtt:UseTls=true", $"--Mqtt:ClientCertificatePath={certificate}", $"--Mqtt:ClientKeyPath={otherKey}");

        Assert.Equal($"Mqtt:ClientCertificatePath = '{certificate}' needs Mqtt:ClientKeyPath, the PEM file of its private key.", alone.Error);
        Assert.StartsWith($"Mqtt:ClientCertificatePath = '{certificate}' with Mqtt:ClientKeyPath = '{otherKey}' cannot be used: ", mismatched.Error, StringComparison.Ordinal);
    }
}
