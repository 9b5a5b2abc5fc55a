using System.Text;
using EspWs.App.Discovery;

namespace EspWs.App.Tests.Discovery;

/// <summary>The announced name is one a person recognises, and a conflict renames it within DNS's limits.</summary>
public sealed class InstanceNameTests
{
    [Theory]
    [InlineData("Kitchen", "node-1", "raspberrypi", "Kitchen")]
    [InlineData("", "node-1", "raspberrypi", "node-1")]
    [InlineData("", "", "raspberrypi", "raspberrypi")]
    public void The_name_is_the_setting_else_the_mqtt_node_id_else_the_host_name(string configured, string nodeId, string host, string expected)
    {
        Assert.Equal(expected, InstanceName.Choose(configured, nodeId, host));
    }

    [Fact]
    public void A_renamed_name_keeps_its_suffix_within_63_bytes_without_splitting_a_character()
    {
        string longName = new('é', 40);

        string renamed = InstanceName.Renamed(longName, 12);

        Assert.EndsWith(" (12)", renamed, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(renamed) <= InstanceName.MaxBytes);
        Assert.True(InstanceName.IsValid(renamed));
    }

    [Theory]
    [InlineData("raspberrypi.lan", "raspberrypi")]
    [InlineData("my_host", "my-host")]
    [InlineData("___", "espws")]
    public void The_host_label_keeps_letters_digits_and_hyphens(string host, string expected)
    {
        Assert.Equal(expected, InstanceName.HostLabel(host));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    public void Control_characters_and_empty_names_are_not_valid(string name)
    {
        Assert.False(InstanceName.IsValid(name));
    }
}
