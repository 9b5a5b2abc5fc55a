using EspWs.App.Configuration;

namespace EspWs.App.Mqtt;

/// <summary>Every topic one device uses, derived once from <c>Mqtt:NodeId</c>, <c>Mqtt:BaseTopic</c> and <c>Mqtt:DiscoveryPrefix</c>.</summary>
/// <param name="NodeId">The device's id in topics, the client id and Home Assistant's unique id.</param>
/// <param name="Availability">Where <c>online</c> and <c>offline</c> (the will) are published, retained.</param>
/// <param name="State">Where the LED's state, <c>ON</c> or <c>OFF</c>, is published, retained.</param>
/// <param name="Command">Where <c>ON</c>, <c>OFF</c> and <c>TOGGLE</c> are received.</param>
/// <param name="DiscoveryConfig">Where Home Assistant's light config is published, retained.</param>
/// <param name="HomeAssistantStatus">Where Home Assistant announces itself (<c>online</c>) after a restart.</param>
public sealed record MqttTopics(string NodeId, string Availability, string State, string Command, string DiscoveryConfig, string HomeAssistantStatus)
{
    /// <summary>The object id of the LED under the node, in topics and in the unique id.</summary>
    public const string ObjectId = "led";

    /// <summary>The client id the device connects with; one per device, so a second device with the same id takes over the session.</summary>
    public string ClientId => "espws-" + NodeId;

    /// <summary>The topics for <paramref name="settings"/>, taking the node id from <paramref name="hostName"/> when none is configured.</summary>
    public static MqttTopics From(MqttSettings settings, string hostName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string node = settings.NodeId.Length > 0 ? settings.NodeId : MqttNames.NodeIdFrom(hostName);
        string root = settings.BaseTopic.Length > 0 ? settings.BaseTopic : "espws/" + node;
        string prefix = settings.DiscoveryPrefix;
        return new MqttTopics(
            node,
            Availability: root + "/status",
            State: $"{root}/{ObjectId}/state",
            Command: $"{root}/{ObjectId}/command",
            DiscoveryConfig: $"{prefix}/light/{node}/{ObjectId}/config",
            HomeAssistantStatus: prefix + "/status");
    }
}
