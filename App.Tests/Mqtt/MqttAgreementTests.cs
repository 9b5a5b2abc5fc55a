using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Mqtt;

/// <summary>One LED, two protocols, one truth: after a burst from both sides every view of the LED says the same.</summary>
public class MqttAgreementTests
{
    [Fact]
    public async Task Burst_of_mixed_commands_from_both_sides_ends_with_led_retained_state_status_and_last_websocket_message_agreeing()
    {
        await using Mosquitto broker = await Mosquitto.StartAsync();
        await using MqttDevice device = await MqttDevice.StartAsync(MqttDevice.Settings(broker.Port));
        Assert.True(await device.ConnectedAsync());
        using ClientWebSocket sender = await ClientMessages.ConnectAsync(device.WebSocketUri);
        using ClientWebSocket listener = await ClientMessages.ConnectAsync(device.WebSocketUri);
        var told = new ConcurrentQueue<(bool On, long Seq)>();
        Task reading = RecordStatesAsync(listener, told);
        await using MqttObserver homeAssistant = await MqttObserver.WatchAsync(broker.Port, device.Topics.State);
        string[] words = ["ON", "OFF", "TOGGLE"];

        Task mqttSide = Task.Run(async () =>
        {
            var random = new Random(11);
            for (int i = 0; i < 150; i++)
            {
                await homeAssistant.PublishAsync(device.Topics.Command, words[random.Next(words.Length)]);
            }
        });
        for (int i = 0; i < 150; i++)
        {
            await ClientMessages.SendTextAsync(sender, words[i % words.Length]);
        }

        await mqttSide;
        (bool statusOn, long statusSeq, string mqtt) = await SettledStatusAsync(device, told);
        string expected = statusOn ? "ON" : "OFF";
        Assert.True(await homeAssistant.WaitForAsync(device.Topics.State, p => LightState.Of(homeAssistant.Last(device.Topics.State)) == expected));

        Assert.True(statusSeq > 10, "the burst changed the LED many times");
        Assert.Equal((statusOn, statusSeq), told.Last());
        Assert.Equal(statusOn, device.LedIsOn);
        Assert.Equal(expected, LightState.Of(await MqttObserver.ReadRetainedAsync(broker.Port, device.Topics.State)));
        Assert.Equal("connected", mqtt);
        long[] seqs = [.. told.Select(t => t.Seq)];
        Assert.Equal(seqs.Order(), seqs);
        listener.Abort();
        await reading;
    }

    private static async Task RecordStatesAsync(ClientWebSocket listener, ConcurrentQueue<(bool On, long Seq)> told)
    {
        try
        {
            while (true)
            {
                var (_, payload) = await ClientMessages.ReceiveAsync(listener);
                using JsonDocument message = JsonDocument.Parse(payload);
                if (message.RootElement.TryGetProperty("seq", out JsonElement seq))
                {
                    told.Enqueue((message.RootElement.GetProperty("on").GetBoolean(), seq.GetInt64()));
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The test aborts the listener once it has read what it needs.
        }
    }

    // The burst has settled when /status gives the same seq five times in a row and the listener was told that seq last.
    private static async Task<(bool On, long Seq, string Mqtt)> SettledStatusAsync(MqttDevice device, ConcurrentQueue<(bool On, long Seq)> told)
    {
        using var http = new HttpClient { Timeout = TestTimeout.Default };
        (bool, long, string) previous = default;
        int same = 0;
        long deadline = Environment.TickCount64 + (long)TestTimeout.Default.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            using JsonDocument status = JsonDocument.Parse(await http.GetStringAsync(device.StatusUri));
            JsonElement led = status.RootElement.GetProperty("led");
            (bool, long, string) now = (led.GetProperty("on").GetBoolean(), led.GetProperty("seq").GetInt64(),
                status.RootElement.GetProperty("mqtt").GetString()!);
            same = now == previous && told.LastOrDefault().Seq == now.Item2 ? same + 1 : 0;
            if (same == 5)
            {
                return now;
            }

            previous = now;
            await Task.Delay(100);
        }

        Assert.Fail("the LED never settled after the burst");
        return default;
    }
}
