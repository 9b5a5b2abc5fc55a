namespace EspWs.App.Mqtt;

/// <summary>The fixed payloads the device publishes (docs/mqtt.md).</summary>
public static class MqttPayloads
{
    /// <summary>Availability while the device is connected.</summary>
    public const string Online = "online";

    /// <summary>Availability once the device is gone: its will, and what it publishes when it stops.</summary>
    public const string Offline = "offline";

    /// <summary>The state of a lit LED, and the command that lights it.</summary>
    public const string On = "ON";

    /// <summary>The state of a dark LED, and the command that puts it out.</summary>
    public const string Off = "OFF";
}
