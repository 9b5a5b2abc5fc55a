using EspWs.App.Configuration;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Mqtt;

/// <summary>Joins a host to its broker: the one way the app and the fleet benchmark add the MQTT door to an <see cref="EspWsHost"/>.</summary>
public static class MqttLinkFactory
{
    /// <summary>
    /// Starts the MQTT link of <paramref name="host"/> when <paramref name="settings"/> name a broker, reporting its state in
    /// <c>/status</c>; returns null when <c>Mqtt:Host</c> is empty. The caller disposes the link before it stops the host.
    /// </summary>
    public static MqttLink? StartFor(EspWsHost host, MqttSettings settings, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        if (settings.Host.Length == 0)
        {
            return null;
        }

        var link = new MqttLink(host.Controller, settings, MqttTopics.From(settings, Environment.MachineName), host.Board.Name,
            AppVersion.Text, loggers.CreateLogger<MqttLink>(), hasButton: host.Button is not null);
        host.Status.AttachMqtt(link);
        link.Start();
        return link;
    }
}
