namespace EspWs.App.Control;

/// <summary>Which door to the LED a change came through; metrics count changes by it and logs name it.</summary>
public enum LedChangeSource
{
    /// <summary>A WebSocket client's command.</summary>
    WebSocket,

    /// <summary>A command on the MQTT command topic.</summary>
    Mqtt,

    /// <summary>The power-on state put back at start, before the first client is served.</summary>
    PowerOn,

    /// <summary>A press of the push button, through its configured action.</summary>
    Button,
}
