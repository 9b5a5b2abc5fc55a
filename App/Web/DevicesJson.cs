using System.Text.Encodings.Web;
using System.Text.Json;
using EspWs.App.Discovery;

namespace EspWs.App.Web;

/// <summary>Writes the other EspWs devices heard on the network as the JSON body of <c>GET /devices</c> (docs/discovery.md).</summary>
public static class DevicesJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Returns <c>{"devices":[{name, address, port, url, board, tls, sha256, token, version}]}</c> as UTF-8.</summary>
    public static byte[] ToUtf8(IReadOnlyList<DiscoveredDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        using var stream = new MemoryStream(64 + (devices.Count * 256));
        using (var json = new Utf8JsonWriter(stream, Options))
        {
            json.WriteStartObject();
            json.WriteStartArray("devices");
            foreach (DiscoveredDevice device in devices)
            {
                json.WriteStartObject();
                json.WriteString("name", device.Name);
                json.WriteString("address", device.Address.ToString());
                json.WriteNumber("port", device.Port);
                json.WriteString("url", device.Url);
                json.WriteString("board", device.Board);
                json.WriteBoolean("tls", device.Tls);
                json.WriteString("sha256", device.Fingerprint);
                json.WriteBoolean("token", device.TokenRequired);
                json.WriteString("version", device.Version);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }
}
