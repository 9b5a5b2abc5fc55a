using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EspWs.App.Configuration;
using MQTTnet;
using MQTTnet.Protocol;

namespace EspWs.App.Mqtt;

/// <summary>Builds the MQTTnet connection options for one device: its client id, credentials, TLS, keepalive and will.</summary>
internal static class MqttClientOptionsFactory
{
    // Room for the topic and the MQTT 5 properties around a command payload of the largest allowed size.
    private const int PacketOverhead = 1024;

    /// <summary>The options for <paramref name="settings"/> and <paramref name="topics"/>; every wait on the broker is bounded by <paramref name="timeout"/>.</summary>
    public static MqttClientOptions Create(MqttSettings settings, MqttTopics topics, TimeSpan timeout)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithClientId(topics.ClientId)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(settings.KeepAlive)
            .WithTimeout(timeout)
            // Home Assistant's birth and the commands are small: an MQTT 5 broker does not send this client more than this.
            .WithMaximumPacketSize((uint)(settings.MaxCommandBytes + PacketOverhead))
            .WithWillTopic(topics.Availability)
            .WithWillPayload(MqttPayloads.Offline)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (settings.Username.Length > 0)
        {
            builder = builder.WithCredentials(settings.Username, settings.Password);
        }

        if (settings.UseTls)
        {
            builder = builder.WithTlsOptions(tls => Tls(tls, settings));
        }

        return builder.Build();
    }

    // The files were checked when the configuration loaded; one changed since then fails the connect, not the app.
    private static void Tls(MqttClientTlsOptionsBuilder tls, MqttSettings settings)
    {
        X509Certificate2Collection? authorities = settings.CaFile.Length > 0 ? MqttTlsFiles.LoadCa(settings.CaFile, out _) : null;
        var check = new MqttBrokerCertificateCheck(settings, authorities, TimeProvider.System);
        tls.UseTls()
            .WithTargetHost(settings.Host)
            .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithRevocationMode(check.RevocationMode)
            .WithCertificateValidationHandler(check.Validate);
        if (settings.ClientCertificatePath.Length > 0 && MqttTlsFiles.LoadClientCertificate(settings, out _) is { } client)
        {
            tls.WithClientCertificates([client]);
        }
    }
}
