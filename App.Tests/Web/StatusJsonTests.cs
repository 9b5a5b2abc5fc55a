using System.Text.Json;
using EspWs.App.Control;
using EspWs.App.Mqtt;
using EspWs.App.Web;

namespace EspWs.App.Tests.Web;

public class StatusJsonTests
{
    [Fact]
    public void Status_has_exactly_the_documented_members_with_their_values()
    {
        var status = new DeviceStatus("simulated", new LedState(IsOn: true, Sequence: 7, Brightness: 40), Clients: 3, MaxClients: 64,
            TimeSpan.FromSeconds(3661.8), "1.0.0+abc", MqttLinkState.Lost, Dimmable: true, HasButton: true, Name: "kitchen", BoardLinkUp: false);

        using JsonDocument json = JsonDocument.Parse(StatusJson.ToUtf8(status));
        JsonElement root = json.RootElement;

        Assert.Equal(["board", "led", "clients", "maxClients", "uptimeSeconds", "version", "mqtt", "button", "name", "boardLink"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("simulated", root.GetProperty("board").GetString());
        Assert.Equal(["on", "brightness", "dimmable", "seq"], root.GetProperty("led").EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("led").GetProperty("on").GetBoolean());
        Assert.Equal(40, root.GetProperty("led").GetProperty("brightness").GetInt32());
        Assert.True(root.GetProperty("led").GetProperty("dimmable").GetBoolean());
        Assert.True(root.GetProperty("button").GetBoolean());
        Assert.Equal(7, root.GetProperty("led").GetProperty("seq").GetInt64());
        Assert.Equal(3, root.GetProperty("clients").GetInt32());
        Assert.Equal(64, root.GetProperty("maxClients").GetInt32());
        Assert.Equal(3661, root.GetProperty("uptimeSeconds").GetInt64());
        Assert.Equal("1.0.0+abc", root.GetProperty("version").GetString());
        Assert.Equal("lost", root.GetProperty("mqtt").GetString());
        Assert.Equal("kitchen", root.GetProperty("name").GetString());
        Assert.Equal("lost", root.GetProperty("boardLink").GetString());
    }

    [Fact]
    public void A_running_fade_adds_its_remaining_seconds_to_the_led()
    {
        var status = new DeviceStatus("simulated", new LedState(true, 3, 60), 0, 1, TimeSpan.Zero, "1", Dimmable: true, Transition: TimeSpan.FromSeconds(1.25));

        using JsonDocument json = JsonDocument.Parse(StatusJson.ToUtf8(status));

        Assert.Equal(1.25, json.RootElement.GetProperty("led").GetProperty("transition").GetDouble());
    }

    [Theory]
    [InlineData(MqttLinkState.Disabled, "disabled")]
    [InlineData(MqttLinkState.Connecting, "connecting")]
    [InlineData(MqttLinkState.Connected, "connected")]
    [InlineData(MqttLinkState.Lost, "lost")]
    public void Mqtt_link_state_is_written_in_the_documented_lower_case_word(MqttLinkState state, string word)
    {
        var status = new DeviceStatus("simulated", default, 0, 1, TimeSpan.Zero, "1", state);

        using JsonDocument json = JsonDocument.Parse(StatusJson.ToUtf8(status));

        Assert.Equal(word, json.RootElement.GetProperty("mqtt").GetString());
    }

    [Fact]
    public void Plus_sign_of_a_version_is_written_as_itself_for_people_reading_curl_output()
    {
        var status = new DeviceStatus("simulated", default, 0, 1, TimeSpan.Zero, "1.0.0+abc");

        Assert.Contains("\"version\":\"1.0.0+abc\"", System.Text.Encoding.UTF8.GetString(StatusJson.ToUtf8(status)));
    }
}
