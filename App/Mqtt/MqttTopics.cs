using EspWs.App.Configuration;

namespace EspWs.App.Mqtt;

/// <summary>Every topic one device uses, derived once from <c>Mqtt:NodeId</c>, <c>Mqtt:BaseTopic</c> and <c>Mqtt:DiscoveryPrefix</c>.</summary>
/// <param name="NodeId">The device's id in topics, the client id and Home Assistant's unique id.</param>
/// <param name="Availability">Where <c>online</c> and <c>offline</c> (the will) are published, retained.</param>
/// <param name="State">Where the LED's state, <c>{"state":"ON","brightness":255,...}</c>, is published, retained.</param>
/// <param name="Command">Where commands are received: Home Assistant's JSON, or <c>ON</c>, <c>OFF</c>, <c>TOGGLE</c>.</param>
/// <param name="DiscoveryConfig">Where Home Assistant's light config is published, retained.</param>
/// <param name="HomeAssistantStatus">Where Home Assistant announces itself (<c>online</c>) after a restart.</param>
/// <param name="ButtonEvent">Where each press of the button is published, not retained: <c>{"event_type":"press_end"}</c>.</param>
/// <param name="ButtonDiscoveryConfig">Where Home Assistant's event config for the button is published, retained.</param>
public sealed record MqttTopics(string NodeId, string Availability, string State, string Command, string DiscoveryConfig, string HomeAssistantStatus,
    string ButtonEvent, string ButtonDiscoveryConfig)
{
    /// <summary>The object id of the LED under the node, in topics and in the unique id.</summary>
    public const string ObjectId = "led";

    /// <summary>The object id of the push button under the node, in topics and in the unique id.</summary>
    public const string ButtonObjectId = "button";

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
            HomeAssistantStatus: prefix + "/status",
            ButtonEvent: $"{root}/{ButtonObjectId}/event",
            ButtonDiscoveryConfig: $"{prefix}/event/{node}/{ButtonObjectId}/config");
    }
}
