namespace EspWs.App.Mqtt;

/// <summary>How the device's link to its MQTT broker stands, as <c>/status</c> and the control page show it.</summary>
public enum MqttLinkState
{
    /// <summary>MQTT is off: <c>Mqtt:Host</c> is empty.</summary>
    Disabled,

    /// <summary>The first attempt to reach the broker is under way.</summary>
    Connecting,

    /// <summary>The broker accepted the device, which has announced itself (availability, discovery, state).</summary>
    Connected,

    /// <summary>The broker could not be reached, refused the device or dropped it; attempts go on at the backoff.</summary>
    Lost,
}
