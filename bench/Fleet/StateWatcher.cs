using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace EspWs.Bench.Fleet;

/// <summary>One observer client on every device's state topic: the moment each device's state first reads <c>ON</c>.</summary>
internal sealed class StateWatcher : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, long> _firstOn = new();

    private StateWatcher(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            long now = Stopwatch.GetTimestamp();
            if (Encoding.ASCII.GetString(e.ApplicationMessage.Payload) == "ON")
            {
                _firstOn.TryAdd(e.ApplicationMessage.Topic, now);
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>The number of devices whose state has read ON.</summary>
    public int OnCount => _firstOn.Count;

    /// <summary>The timestamp (<see cref="Stopwatch.GetTimestamp"/>) when <paramref name="stateTopic"/> first read ON, if it has.</summary>
    public bool TryGetFirstOn(string stateTopic, out long timestamp) => _firstOn.TryGetValue(stateTopic, out timestamp);

    public static async Task<StateWatcher> StartAsync(int port)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        var watcher = new StateWatcher(client);
        MqttClientOptions options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("fleet-watcher")
            .WithTimeout(TimeSpan.FromSeconds(30)).Build();
        using var connect = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(options, connect.Token);
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("espws/+/led/state", MqttQualityOfServiceLevel.AtLeastOnce).Build(), connect.Token);
        return watcher;
    }

    public async ValueTask DisposeAsync()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), bounded.Token);
        _client.Dispose();
    }
}
