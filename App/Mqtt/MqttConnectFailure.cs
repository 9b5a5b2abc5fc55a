using System.Net.Sockets;
using EspWs.App.Configuration;

namespace EspWs.App.Mqtt;

/// <summary>Says why a join of the broker failed in words that name the setting to check, rather than the transport's bare "Connection closed".</summary>
internal static class MqttConnectFailure
{
    /// <summary>The reason for the log line of a failed join, from <paramref name="failure"/> and the <paramref name="settings"/> it was made with.</summary>
    public static string Describe(Exception failure, MqttSettings settings)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(settings);
        var causes = new List<Exception>();
        for (Exception? cause = failure; cause is not null; cause = cause.InnerException)
        {
            causes.Add(cause);
        }

        if (causes.OfType<MqttBrokerCertificateRejectedException>().FirstOrDefault() is { } rejected)
        {
            return rejected.Message;
        }

        string reason = (failure.InnerException ?? failure).Message.TrimEnd('.');
        if (causes.OfType<SocketException>().Any(s => s.SocketErrorCode is not (SocketError.ConnectionReset or SocketError.Shutdown)))
        {
            // Refused, unreachable, unknown host: nothing was said on the connection, so TLS is not the question.
            return reason;
        }

        // A broker that speaks the other language drops the connection at its first bytes.
        return settings.UseTls
            ? $"{reason} during the TLS handshake: if port {settings.Port} is the broker's plain listener, set Mqtt:Port to its TLS listener (8883 by convention) or Mqtt:UseTls=false"
            : $"{reason} before the broker answered: if port {settings.Port} is a TLS listener (8883 by convention), set Mqtt:UseTls=true, or Mqtt:Port to the plain listener (1883)";
    }
}
