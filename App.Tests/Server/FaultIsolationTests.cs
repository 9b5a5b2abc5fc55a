using System.Net.WebSockets;
using System.Text;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Tests.Server;

public class FaultIsolationTests
{
    [Fact]
    public async Task Exception_inside_one_connection_closes_it_with_1011_and_spares_the_others_and_the_led()
    {
        var logs = new CapturingLoggerFactory();
        await using TestServer server = TestServer.Start(loggers: logs, decorate: handler => new FaultOnBoom(handler));
        using ClientWebSocket bystander = await ClientMessages.ConnectAsync(server.WebSocketUri);
        using ClientWebSocket victim = await ClientMessages.ConnectAsync(server.WebSocketUri);
        await ClientMessages.SendTextAsync(bystander, "ON");
        Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(bystander));
        await ClientMessages.ReceiveTextAsync(bystander);
        await ClientMessages.ReceiveTextAsync(victim);

        await ClientMessages.SendTextAsync(victim, "BOOM");

        Assert.Equal("BOOM", await ClientMessages.ReceiveTextAsync(victim));
        WebSocketReceiveResult closing = await victim.ReceiveAsync(new byte[64], TestTimeout.Token());
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, closing.CloseStatus);
        await victim.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", TestTimeout.Token());
        Assert.True(await TestTimeout.Until(() => server.Server.ConnectedCount == 1
            && server.Server.AvailableSlots == server.Options.MaxClients - 1));

        Assert.True(server.Led.IsOn);
        await ClientMessages.SendTextAsync(bystander, "still fine");
        Assert.Equal("still fine", await ClientMessages.ReceiveTextAsync(bystander));
        var error = Assert.Single(logs.Lines, line => line.Level == LogLevel.Error);
        Assert.Contains("Slot 1", error.Message);
        Assert.Contains("127.0.0.1", error.Message);
    }

    /// <summary>Stands for a bug: throws on the message BOOM, passes everything else on.</summary>
    private sealed class FaultOnBoom(IMessageHandler inner) : IMessageHandler
    {
        public void OnMessage(IClientConnection client, Opcode opcode, ReadOnlySpan<byte> payload)
        {
            if (payload.SequenceEqual("BOOM"u8))
            {
                throw new InvalidOperationException("injected fault for " + Encoding.UTF8.GetString(payload));
            }

            inner.OnMessage(client, opcode, payload);
        }
    }
}
