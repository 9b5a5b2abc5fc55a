namespace EspWs.App.Control;

/// <summary>Which door's JSON a command is written in: the two differ only in how they say on and how they scale brightness.</summary>
public enum LedJsonDialect
{
    /// <summary>The WebSocket's: <c>{"on":true,"brightness":40,"transition":1.5}</c>, brightness in percent (0 to 100).</summary>
    WebSocket,

    /// <summary>Home Assistant's JSON schema: <c>{"state":"ON","brightness":128,"transition":2}</c>, brightness 0 to 255.</summary>
    HomeAssistant,
}
