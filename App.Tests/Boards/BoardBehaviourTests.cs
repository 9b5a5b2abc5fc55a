using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Tests.Boards.StandIns;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Boards;

/// <summary>The behaviour every board promises, through the real app and server, with each board's hardware stood in for.</summary>
public class BoardBehaviourTests
{
    [Theory]
    [MemberData(nameof(BoardStandIns.Names), MemberType = typeof(BoardStandIns))]
    public async Task On_over_websocket_lights_the_led_and_every_client_receives_the_state(string board)
    {
        await using IBoardStandIn standIn = BoardStandIns.Create(board);
        await using AppHost host = await AppHost.StartAsync(standIn.Board);
        using ClientWebSocket sender = await ClientMessages.ConnectAsync(host.WebSocketUri);
        using ClientWebSocket watcher = await ClientMessages.ConnectAsync(host.WebSocketUri);
        Assert.True(await TestTimeout.Until(() => host.App.Host!.Server.ConnectedCount == 2));
        Assert.False(standIn.LedIsLit);

        await ClientMessages.SendTextAsync(sender, "ON");

        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(sender));
        AssertLed(await ClientMessages.ReceiveTextAsync(sender), on: true);
        AssertLed(await ClientMessages.ReceiveTextAsync(watcher), on: true);
        Assert.True(await LedBecomes(standIn, lit: true));
    }

    [Theory]
    [MemberData(nameof(BoardStandIns.Names), MemberType = typeof(BoardStandIns))]
    public async Task Off_after_on_puts_the_led_out_and_tells_every_client(string board)
    {
        await using IBoardStandIn standIn = BoardStandIns.Create(board);
        await using AppHost host = await AppHost.StartAsync(standIn.Board);
        using ClientWebSocket client = await ClientMessages.ConnectAsync(host.WebSocketUri);

        await ClientMessages.SendTextAsync(client, "ON");
        await ClientMessages.SendTextAsync(client, "OFF");

        // Each echo comes before what its command causes; the states, applied off the receive loop, may come after
        // the next echo, but always in the order the LED took them.
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        var rest = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            rest.Add(await ClientMessages.ReceiveTextAsync(client));
        }

        Assert.Equal(["OFF"], rest.Where(m => !m.StartsWith('{')));
        string[] states = rest.Where(m => m.StartsWith('{')).ToArray();
        Assert.Equal(2, states.Length);
        AssertLed(states[0], on: true);
        AssertLed(states[1], on: false);
        Assert.True(await LedBecomes(standIn, lit: false));
    }

    [Theory]
    [MemberData(nameof(BoardStandIns.Names), MemberType = typeof(BoardStandIns))]
    public async Task A_lost_link_is_told_to_clients_and_its_return_puts_the_led_back_as_last_told(string board)
    {
        await using IBoardStandIn standIn = BoardStandIns.Create(board);
        await using AppHost host = await AppHost.StartAsync(standIn.Board);
        using ClientWebSocket client = await ClientMessages.ConnectAsync(host.WebSocketUri);
        await ClientMessages.SendTextAsync(client, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
        AssertLed(await ClientMessages.ReceiveTextAsync(client), on: true);

        await standIn.CutLinkAsync();
        Assert.Equal("""{"type":"board","link":"lost"}""", await ClientMessages.ReceiveTextAsync(client));
        await ClientMessages.SendTextAsync(client, "STATUS");
        Assert.Equal("STATUS", await ClientMessages.ReceiveTextAsync(client));
        AssertLed(await ClientMessages.ReceiveTextAsync(client), on: true);
        Assert.Equal("""{"type":"board","link":"lost"}""", await ClientMessages.ReceiveTextAsync(client));
        await standIn.RestoreLinkAsync();

        Assert.Equal("""{"type":"board","link":"up"}""", await ClientMessages.ReceiveTextAsync(client));
        AssertLed(await ClientMessages.ReceiveTextAsync(client), on: true);
        Assert.True(await LedBecomes(standIn, lit: true));
    }

    // Real hardware takes the level a moment after the app wrote it (the emulated chip reads its link on its own thread).
    private static Task<bool> LedBecomes(IBoardStandIn standIn, bool lit) => TestTimeout.Until(() => standIn.LedIsLit == lit);

    private static void AssertLed(string json, bool on)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal("led", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(on, document.RootElement.GetProperty("on").GetBoolean());
    }
}
