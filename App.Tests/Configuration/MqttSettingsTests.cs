using System.Collections;
using EspWs.App.Configuration;
using EspWs.App.Mqtt;

namespace EspWs.App.Tests.Configuration;

/// <summary>The <c>Mqtt</c> section: checked like every other, with its password taken only from the environment.</summary>
public class MqttSettingsTests
{
    [Theory]
    [InlineData("Mqtt:Host", "bad host", "Mqtt:Host = 'bad host' is not allowed: empty (MQTT off), a host name or an IP address.")]
    [InlineData("Mqtt:Port", "0", "Mqtt:Port = 0 is not allowed: a TCP port from 1 to 65535.")]
    [InlineData("Mqtt:NodeId", "kitchen.lamp", "Mqtt:NodeId = 'kitchen.lamp' is not allowed: empty (from the host name) or 1 to 64 of a-z, A-Z, 0-9, _ and -.")]
    [InlineData("Mqtt:BaseTopic", "home/+/lamp", "Mqtt:BaseTopic = 'home/+/lamp' is not allowed: a topic of 1 to 200 characters without +, #, spaces or a leading or trailing /.")]
    [InlineData("Mqtt:BaseTopic", "home/lamp/", "Mqtt:BaseTopic = 'home/lamp/' is not allowed: a topic of 1 to 200 characters without +, #, spaces or a leading or trailing /.")]
    [InlineData("Mqtt:DiscoveryPrefix", "", "Mqtt:DiscoveryPrefix = '' is not allowed: a topic of 1 to 200 characters without +, #, spaces or a leading or trailing /.")]
    [InlineData("Mqtt:KeepAlive", "500ms", "Mqtt:KeepAlive = 500ms is not allowed: whole seconds from 1s to 65535s (MQTT counts keepalive in 16-bit seconds).")]
    [InlineData("Mqtt:KeepAlive", "19h", "Mqtt:KeepAlive = 19h is not allowed: whole seconds from 1s to 65535s (MQTT counts keepalive in 16-bit seconds).")]
    [InlineData("Mqtt:ReconnectInterval", "0", "Mqtt:ReconnectInterval = 0 is not allowed: a duration more than 0 and at most 1 day.")]
    [InlineData("Mqtt:MaxCommandBytes", "5", "Mqtt:MaxCommandBytes = 5 is not allowed: from 6 (TOGGLE) to 65536.")]
    [InlineData("Mqtt:UseTls", "yes", "Mqtt:UseTls = 'yes' is not valid: true or false.")]
    public void Bad_mqtt_value_is_one_line_naming_key_value_and_what_is_allowed(string key, string value, string expected)
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        ConfigurationLoadResult result = config.Load($"--{key}={value}");

        Assert.Null(result.Settings);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void Password_from_the_environment_is_taken_and_never_shown()
    {
        using var config = new TempConfigDirectory("Mqtt:\n  Host: broker.lan\n  Username: lamp\n");

        ConfigurationLoadResult result = config.Load(new Hashtable { ["ESPWS_Mqtt__Password"] = "hunter2-secret" });

        Assert.Null(result.Error);
        Assert.Equal("hunter2-secret", result.Settings!.Mqtt.Password);
    }

    [Theory]
    [InlineData("Mqtt:\n  Username: lamp\n  Password: hunter2-secret\n", "app.config.yaml")]
    [InlineData("Mqtt:\n  Username: lamp\n", "the command line")]
    public void Password_in_the_file_or_on_the_command_line_is_refused_without_repeating_it(string yaml, string where)
    {
        using var config = new TempConfigDirectory(yaml);
        string[] args = where == "the command line" ? ["--Mqtt:Password=hunter2-secret"] : [];

        ConfigurationLoadResult result = config.Load(args);

        Assert.Null(result.Settings);
        Assert.Contains("Mqtt:Password", result.Error);
        Assert.Contains("ESPWS_Mqtt__Password", result.Error);
        Assert.DoesNotContain("hunter2", result.Error);
    }

    [Fact]
    public void Password_without_a_user_name_is_refused_without_repeating_it()
    {
        using var config = new TempConfigDirectory("Board:\n  Name: simulated\n");

        ConfigurationLoadResult result = config.Load(new Hashtable { ["ESPWS_Mqtt__Password"] = "hunter2-secret" });

        Assert.Equal("Mqtt:Password = (hidden) is not allowed: empty unless Mqtt:Username is set (MQTT 3.1.1 sends no password without a user name).", result.Error);
    }

    [Theory]
    [InlineData("kitchen-pi", "kitchen-pi")]
    [InlineData("lamp.local", "lamp-local")]
    [InlineData("Ünïcode box", "-n-code-box")]
    [InlineData("", "espws")]
    public void Node_id_from_the_host_name_keeps_only_what_home_assistant_allows(string hostName, string nodeId)
    {
        Assert.Equal(nodeId, MqttNames.NodeIdFrom(hostName));
        Assert.True(MqttNames.IsNodeId(MqttNames.NodeIdFrom(hostName)));
    }

    [Fact]
    public void Topics_default_to_espws_node_and_the_home_assistant_prefix()
    {
        MqttTopics topics = MqttTopics.From(new MqttSettings { Host = "b" }, "lamp.local");

        Assert.Equal(("lamp-local", "espws/lamp-local/status", "espws/lamp-local/led/state", "espws/lamp-local/led/command",
            "homeassistant/light/lamp-local/led/config", "homeassistant/status", "espws-lamp-local"),
            (topics.NodeId, topics.Availability, topics.State, topics.Command, topics.DiscoveryConfig, topics.HomeAssistantStatus, topics.ClientId));
    }
}
