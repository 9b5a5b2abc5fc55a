using EspWs.App.Server;
using EspWs.App.Tests.Support;
using static EspWs.App.Tests.Conformance.HandshakeLines;

namespace EspWs.App.Tests.Conformance;

/// <summary>Autobahn group 10 (misc): a client that finds every slot busy is refused with 503 at once, and served once a slot frees.</summary>
public class BusyServerConformanceTests
{
    /// <summary>
    /// Accepts: 503 with Retry-After for the extra client, whether the slots are held by open WebSockets or by clients
    /// still in their handshake; then, once one holder leaves, a new client is served.
    /// </summary>
    [Theory]
    [InlineData("10.9.1", true)]
    [InlineData("10.9.2", false)]
    public async Task Case_10_9_client_beyond_max_clients_gets_503_then_is_served_when_a_slot_frees(string id, bool holdersUpgraded)
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxClients = 2 });
        var holders = new List<RawClient>();
        try
        {
            for (int i = 0; i < 2; i++)
            {
                holders.Add(holdersUpgraded ? await RawClient.OpenAsync(server.EndPoint) : await RawClient.ConnectAsync(server.EndPoint));
                if (!holdersUpgraded)
                {
                    await holders[^1].SendAsync("GET / HTTP/1.1\r\n");
                }
            }

            Assert.True(await TestTimeout.Until(() => server.Server.AvailableSlots == 0), $"{id}: slots not taken");
            await using (RawClient extra = await RawClient.ConnectAsync(server.EndPoint))
            {
                await extra.SendAsync("GET / HTTP/1.1\r\n" + Standard + "\r\n");
                string response = await extra.ReadToEndAsync();
                HandshakeRefusalConformanceTests.ExpectRefusal(response, 503, null);
                Assert.Contains("\r\nRetry-After: ", response);
            }

            await holders[0].DisposeAsync();
            holders.RemoveAt(0);
            Assert.True(await TestTimeout.Until(() => server.Server.AvailableSlots > 0), $"{id}: no slot freed");
            await using CaseConnection next = new(await RawClient.OpenAsync(server.EndPoint));
            await next.ExpectStillOpenAsync();
            await next.CloseAsync(1000);
        }
        finally
        {
            foreach (RawClient holder in holders)
            {
                await holder.DisposeAsync();
            }
        }
    }
}
