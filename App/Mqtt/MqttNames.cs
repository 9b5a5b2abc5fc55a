namespace EspWs.App.Mqtt;

/// <summary>The rules for the names the device uses on a broker: node ids, topic prefixes and the keepalive MQTT can carry.</summary>
public static class MqttNames
{
    /// <summary>The longest node id, so that client ids stay within the 23 to 65535 characters brokers accept and topics stay short.</summary>
    public const int MaxNodeIdLength = 64;

    /// <summary>The longest command word (<c>TOGGLE</c>), the least <c>Mqtt:MaxCommandBytes</c> may be.</summary>
    public const int LongestCommandBytes = 6;

    /// <summary>What a topic prefix may be, in words, for error messages.</summary>
    public const string TopicPrefixRule = "a topic of 1 to 200 characters without +, #, spaces or a leading or trailing /";

    private const int MaxTopicPrefixLength = 200;
    private const int MaxKeepAliveSeconds = ushort.MaxValue;

    /// <summary>True when <paramref name="text"/> is 1 to <see cref="MaxNodeIdLength"/> of <c>[a-zA-Z0-9_-]</c>, as Home Assistant's discovery ids are.</summary>
    public static bool IsNodeId(string text) =>
        text.Length is > 0 and <= MaxNodeIdLength && text.All(IsNodeIdChar);

    /// <summary>True when <paramref name="text"/> can start a topic name: no wildcards, no spaces or control characters, no empty first or last level.</summary>
    public static bool IsTopicPrefix(string text) =>
        text.Length is > 0 and <= MaxTopicPrefixLength
        && !text.StartsWith('/') && !text.EndsWith('/')
        && !text.Any(c => c is '+' or '#' || char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>True when <paramref name="keepAlive"/> is a whole number of seconds MQTT's 16-bit field can carry.</summary>
    public static bool IsKeepAlive(TimeSpan keepAlive) =>
        keepAlive >= TimeSpan.FromSeconds(1) && keepAlive <= TimeSpan.FromSeconds(MaxKeepAliveSeconds)
        && keepAlive.Ticks % TimeSpan.TicksPerSecond == 0;

    /// <summary>Derives a node id from <paramref name="hostName"/>: every character outside <c>[a-zA-Z0-9_-]</c> becomes <c>-</c>.</summary>
    public static string NodeIdFrom(string hostName)
    {
        string cleaned = new([.. hostName.Take(MaxNodeIdLength).Select(c => IsNodeIdChar(c) ? c : '-')]);
        return cleaned.Length == 0 ? "espws" : cleaned;
    }

    private static bool IsNodeIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
