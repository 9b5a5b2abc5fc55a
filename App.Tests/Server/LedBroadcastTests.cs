using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Server;

public class LedBroadcastTests
{
    [Fact]
    public async Task On_lights_the_led_and_every_one_of_three_clients_receives_the_state()
    {
        await using TestServer server = TestServer.Start();
        using ClientWebSocket sender = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket second = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket third = await ClientMessages.ConnectAsync(server.WebSocketUri);
        Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == 3));

        await ClientMessages.SendTextAsync(sender, "ON");

        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(sender));
        foreach (ClientWebSocket client in new[] { sender, second, third })
        {
            AssertLedState(await ClientMessages.ReceiveTextAsync(client), expectedOn: true);
        }

        Assert.True(server.Led.IsOn);
        Assert.Equal(1.0, server.Board.GetDutyCycle(server.Board.Pins.OnboardLed));
    }

    [Fact]
    public async Task Off_after_on_puts_the_led_out_and_tells_everyone_in_order()
    {
        await using TestServer server = TestServer.Start();
        using ClientWebSocket sender = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket watcher = await ClientMessages.ConnectAsync(server.WebSocketUri);
        Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == 2));

        await ClientMessages.SendTextAsync(sender, "on");
        await ClientMessages.SendTextAsync(sender, " OFF \n");

        AssertLedState(await ClientMessages.ReceiveTextAsync(watcher), expectedOn: true);
        AssertLedState(await ClientMessages.ReceiveTextAsync(watcher), expectedOn: false);
        Assert.False(server.Led.IsOn);
    }

    [Fact]
    public async Task Toggle_inverts_the_led()
    {
        await using TestServer server = TestServer.Start();
        using ClientWebSocket client = await ClientMessages.ConnectAsync(server.WebSocketUri);

        await ClientMessages.SendTextAsync(client, "TOGGLE");

        Assert.Equal("TOGGLE", await ClientMessages.ReceiveTextAsync(client));
        AssertLedState(await ClientMessages.ReceiveTextAsync(client), expectedOn: true);
        Assert.True(server.Led.IsOn);
    }

    [Fact]
    public async Task Status_answers_its_sender_only()
    {
        await using TestServer server = TestServer.Start();
        using ClientWebSocket asker = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket other = await ClientMessages.ConnectAsync(server.WebSocketUri);

        await ClientMessages.SendTextAsync(asker, "STATUS");
        await ClientMessages.SendTextAsync(other, "marker");

        Assert.Equal("STATUS", await ClientMessages.ReceiveTextAsync(asker));
        AssertLedState(await ClientMessages.ReceiveTextAsync(asker), expectedOn: false);
        Assert.Equal("marker", await ClientMessages.ReceiveTextAsync(other));
    }

    [Theory]
    [InlineData("ONION")]
    [InlineData("O N")]
    [InlineData("turn ON")]
    public async Task Text_that_only_contains_a_command_is_echoed_and_changes_nothing(string text)
    {
        await using TestServer server = TestServer.Start();
        using ClientWebSocket client = await ClientMessages.ConnectAsync(server.WebSocketUri);

        await ClientMessages.SendTextAsync(client, text);
        await ClientMessages.SendTextAsync(client, "STATUS");

        Assert.Equal(text, await ClientMessages.ReceiveTextAsync(client));
        Assert.Equal("STATUS", await ClientMessages.ReceiveTextAsync(client));
        AssertLedState(await ClientMessages.ReceiveTextAsync(client), expectedOn: false);
        Assert.False(server.Led.IsOn);
    }

    [Fact]
    public async Task Binary_on_is_echoed_but_is_not_a_command()
    {
        await using TestServer server = TestServer.Start();
        using ClientWebSocket client = await ClientMessages.ConnectAsync(server.WebSocketUri);

        await client.SendAsync("ON"u8.ToArray(), WebSocketMessageType.Binary, true, TestTimeout.Token());

        (WebSocketMessageType type, byte[] payload) = await ClientMessages.ReceiveAsync(client);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal("ON"u8.ToArray(), payload);
        Assert.False(server.Led.IsOn);
    }

    [Fact]
    public async Task Commands_from_many_clients_leave_the_led_and_the_last_state_told_in_agreement()
    {
        await using TestServer server = TestServer.Start();
        var clients = new List<ClientWebSocket>();
        for (int i = 0; i < 4; i++)
        {
            clients.Add(await ClientMessages.ConnectAsync(server.WebSocketUri));
        }

        using var watcher = await ClientMessages.ConnectAsync(server.WebSocketUri);
        Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == 5));
        await Task.WhenAll(clients.Select(async c =>
        {
            for (int i = 0; i < 25; i++)
            {
                await ClientMessages.SendTextAsync(c, "TOGGLE");
            }
        }));

        // 100 toggles: every one changes the LED, so the watcher hears exactly 100 states, numbered in order.
        bool lastTold = false;
        for (int i = 1; i <= 100; i++)
        {
            using JsonDocument state = JsonDocument.Parse(await ClientMessages.ReceiveTextAsync(watcher));
            Assert.Equal(i, state.RootElement.GetProperty("seq").GetInt64());
            lastTold = state.RootElement.GetProperty("on").GetBoolean();
        }

        Assert.Equal(server.Led.IsOn, lastTold);
        Assert.False(lastTold);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_client_on_a_slot_an_earlier_client_left_receives_broadcasts()
    {
        // Two slots, one of them used and freed first: broadcasts visit only occupied slots, and a reused slot is one.
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = 2 });
        using (ClientWebSocket earlier = await ClientMessages.ConnectAsync(server.WebSocketUri))
        {
            await earlier.CloseAsync(WebSocketCloseStatus.NormalClosure, "", TestTimeout.Token());
        }

        Assert.True(await server.AllSlotsFreeAsync());
        using ClientWebSocket sender = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket watcher = await ClientMessages.ConnectAsync(server.WebSocketUri);
        Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == 2));

        await ClientMessages.SendTextAsync(sender, "ON");

        AssertLedState(await ClientMessages.ReceiveTextAsync(watcher), expectedOn: true);
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(sender));
        AssertLedState(await ClientMessages.ReceiveTextAsync(sender), expectedOn: true);
    }

    private static void AssertLedState(string json, bool expectedOn)
    {
        using JsonDocument state = JsonDocument.Parse(json);
        Assert.Equal("led", state.RootElement.GetProperty("type").GetString());
        Assert.Equal(expectedOn, state.RootElement.GetProperty("on").GetBoolean());
        Assert.True(state.RootElement.GetProperty("seq").GetInt64() >= 0);
    }
}
