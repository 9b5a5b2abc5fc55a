using System.Text.Json;

namespace EspWs.App.Tests.Mqtt;

/// <summary>Reads the light's state topic as Home Assistant's JSON schema does.</summary>
internal static class LightState
{
    /// <summary>The <c>state</c> of a state payload (<c>ON</c> or <c>OFF</c>), or null when there is none.</summary>
    public static string? Of(string? payload)
    {
        if (payload is null)
        {
            return null;
        }

        using JsonDocument json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("state").GetString();
    }

    /// <summary>The <c>brightness</c> (0 to 255) of a state payload.</summary>
    public static int Brightness(string payload)
    {
        using JsonDocument json = JsonDocument.Parse(payload);
        return json.RootElement.GetProperty("brightness").GetInt32();
    }
}
