using System.Collections.Concurrent;
using System.Text;
using EspWs.App.Tests.Support;
using MQTTnet;
using MQTTnet.Protocol;

namespace EspWs.App.Tests.Mqtt;

/// <summary>A plain MQTT client that records what a broker delivers on the topics it watches, as Home Assistant would see it.</summary>
public sealed class MqttObserver : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<(string Topic, string Payload, bool Retained)> _messages = new();

    private MqttObserver(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _messages.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<(string Topic, string Payload, bool Retained)> Messages => [.. _messages];

    /// <summary>Connects to the broker on <paramref name="port"/> and subscribes to <paramref name="filters"/>; retained messages arrive first.</summary>
    public static async Task<MqttObserver> WatchAsync(int port, params string[] filters)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        var observer = new MqttObserver(client);
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithClientId("observer-" + Guid.NewGuid().ToString("N")).WithTimeout(TestTimeout.Default)
            // Debian's mosquitto 2.0.11 checks keepalives only when some packet wakes it: a ping a second keeps it checking.
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(1)).Build();
        await client.ConnectAsync(options, TestTimeout.Token());
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (string filter in filters)
        {
            subscribe = subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await client.SubscribeAsync(subscribe.Build(), TestTimeout.Token());
        return observer;
    }

    /// <summary>Reads the message the broker keeps retained on <paramref name="topic"/> now, or null when none arrives.</summary>
    public static async Task<string?> ReadRetainedAsync(int port, string topic)
    {
        await using MqttObserver observer = await WatchAsync(port, topic);
        await observer.WaitForAsync(topic, _ => true, TimeSpan.FromSeconds(1));
        return observer.Messages.Where(m => m.Topic == topic && m.Retained).Select(m => m.Payload).LastOrDefault();
    }

    /// <summary>True once a message on <paramref name="topic"/> whose payload meets <paramref name="accept"/> has arrived.</summary>
    public Task<bool> WaitForAsync(string topic, Func<string, bool> accept, TimeSpan? timeout = null) =>
        TestTimeout.Until(() => _messages.Any(m => m.Topic == topic && accept(m.Payload)), timeout);

    /// <summary>The last payload seen on <paramref name="topic"/>, or null.</summary>
    public string? Last(string topic) => Messages.Where(m => m.Topic == topic).Select(m => m.Payload).LastOrDefault();

    /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/>, not retained unless asked.</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestTimeout.Token());

    public Task PublishAsync(string topic, string payload, bool retain = false) => PublishAsync(topic, Encoding.UTF8.GetBytes(payload), retain);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), TestTimeout.Token());
        }

        _client.Dispose();
    }
}
