using System.Net;
using System.Net.Sockets;
using System.Text;
using EspWs.App.Configuration;
using EspWs.App.Server;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Abuse;

/// <summary>
/// Issue 18's attack on the message budget, at the default configuration and on a fake clock: connections from four
/// addresses begin messages just under Server:MaxMessageBytes and go silent. Another client is served all along, the
/// silent ones are closed with 1008 by the data-rate rule, and honest large messages, slow or waiting, complete.
/// </summary>
[Collection(AbuseTestGroup.Name)]
public class MessageDataRateTests(ITestOutputHelper output)
{
    private const int Attackers = 16;
    private const int AttackAddresses = 4;
    private const int Message = (1024 * 1024) - 1024;
    private const int Sent = 960 * 1024;

    // Two messages of this size fit in the quarter of the default 8 MiB budget one address may hold.
    private const int PerAddressInFlight = 2;

    // What resident memory may grow beyond the budget: the connections' reserves, arrays the GC has not yet taken back,
    // the kernel's socket buffers charged to nobody here, and the test's own clients.
    private const long ResidentMargin = 32L * 1024 * 1024;

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(1);
    private static readonly ServerSettings Defaults = new() { BindAddress = "127.0.0.1", Port = 0 };
    private static readonly IPAddress FreshAddress = IPAddress.Parse("127.0.0.6");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Silent_messages_from_four_addresses_leave_another_client_served_and_are_closed_by_the_data_rate_rule()
    {
        ServerSettings settings = Defaults;
        await using TestServer server = TestServer.Start(settings, time: _time);
        MessageMemoryBudget budget = server.Server.Budget;

        // Connected first and left silent until its keepalive is nearly due, so the server pings it mid-attack.
        await using RawClient fresh = await RawClient.OpenAsync(server.EndPoint, from: FreshAddress);
        await EchoAsync(fresh, "hello");
        await AdvanceAsync(settings.PingInterval - TimeSpan.FromSeconds(1));

        long residentBefore = ProcessFigures.ResidentBytes();
        var attackers = new List<RawClient>();
        var sending = new List<Task>();
        for (int i = 0; i < Attackers; i++)
        {
            RawClient attacker = await RawClient.OpenAsync(server.EndPoint, from: AttackAddress(i));
            attackers.Add(attacker);
            sending.Add(Task.Run(() => BeginMessageAsync(attacker, Sent)));
        }

        // The budget charges each message exactly its size, and each address holds at most its share.
        long heldByOneMessage = Message + MessageBuffer.HeaderRoom;
        long full = AttackAddresses * PerAddressInFlight * heldByOneMessage;
        Assert.True(await TestTimeout.Until(() => budget.InUse == full), $"in use {budget.InUse}, expected {full}");
        long peakResident = ProcessFigures.ResidentBytes();

        // The server's ping is answered and the pong read, whatever the budget holds.
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        RawFrame? ping = await fresh.ReadFrameAsync();
        Assert.Equal(Opcode.Ping, ping!.Opcode);
        await fresh.SendFrameAsync(Opcode.Pong, ping.Payload);

        TimeSpan echo = await TimeAsync(() => EchoAsync(fresh, "ping"));
        TimeSpan on = await TimeAsync(() => ExpectLedAsync(fresh, "ON", on: true));
        output.WriteLine($"budget full ({ProcessFigures.MiB(budget.InUse)} of {ProcessFigures.MiB(budget.Capacity)}): " +
            $"a fresh client's 'ping' echoed in {echo.TotalMilliseconds:F0} ms, its ON answered in {on.TotalMilliseconds:F0} ms");
        Assert.True(echo < Answered, $"echo took {echo}");
        Assert.True(on < Answered, $"ON took {on}");
        Assert.Equal(full, budget.InUse);

        // The first messages fall silent: closed after the grace period, and the waiting ones take their place.
        await AdvanceAsync(settings.MessageDataRateGracePeriod + TimeSpan.FromSeconds(1));
        Assert.True(await TestTimeout.Until(() => server.Server.Counters.MessagesTooSlow == AttackAddresses * PerAddressInFlight));
        Assert.True(await TestTimeout.Until(() => budget.InUse == full), $"in use {budget.InUse} after the first closes");
        peakResident = Math.Max(peakResident, ProcessFigures.ResidentBytes());
        await AdvanceAsync(settings.MessageDataRateGracePeriod + TimeSpan.FromSeconds(2));
        Assert.True(await TestTimeout.Until(() => server.Server.Counters.MessagesTooSlow == Attackers));
        Assert.True(await TestTimeout.Until(() => budget.InUse == 0), $"in use {budget.InUse} after every attacker was closed");

        foreach (RawClient attacker in attackers)
        {
            Assert.Equal(1008, (await attacker.ReadUntilCloseAsync())!.CloseCode);
        }

        // Had its pong not been read, Server:PongTimeout would have dropped it by now.
        await AdvanceAsync(settings.PongTimeout);
        await EchoAsync(fresh, "still here");
        long growth = peakResident - residentBefore;
        output.WriteLine($"resident before {ProcessFigures.MiB(residentBefore)}, peak {ProcessFigures.MiB(peakResident)}, growth {ProcessFigures.MiB(growth)}");
        Assert.True(growth < settings.MaxBufferedBytes + ResidentMargin, $"resident memory grew by {ProcessFigures.MiB(growth)}");

        foreach (RawClient attacker in attackers)
        {
            await attacker.DisposeAsync();
        }

        await Task.WhenAll(sending).WaitAsync(TestTimeout.Default);
    }

    [Fact]
    public async Task Slow_but_steady_large_message_completes()
    {
        const int Chunk = 64 * 1024;
        const int Size = 8 * Chunk;
        await using TestServer server = TestServer.Start(Defaults, time: _time);
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        byte[] payload = Payload(Size);
        byte[] frame = RawClient.Frame(Opcode.Binary, payload);

        // One chunk a second, well above 240 B/s, for longer than the grace period.
        int headerLength = frame.Length - Size;
        await client.SendAsync(frame[..headerLength]);
        for (int offset = headerLength; offset < frame.Length; offset += Chunk)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(1));
            await client.SendAsync(frame[offset..Math.Min(offset + Chunk, frame.Length)]);
        }

        RawFrame? echo = await client.ReadFrameAsync();
        Assert.Equal(Opcode.Binary, echo!.Opcode);
        Assert.Equal(payload, echo.Payload);
        Assert.Equal(0, server.Server.Counters.MessagesTooSlow);
    }

    [Fact]
    public async Task Message_trickling_below_the_minimum_rate_is_closed_with_1008_though_never_silent()
    {
        const int Size = 16 * 1024;
        const int Trickle = 100;
        await using TestServer server = TestServer.Start(Defaults, time: _time);
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        byte[] frame = RawClient.Frame(Opcode.Binary, Payload(Size));
        int offset = frame.Length - Size;
        await client.SendAsync(frame[..offset]);

        // 100 B/s against the 240 B/s asked: 140 B/s short, so the 5 s of grace are used up after about 9 s.
        for (int second = 0; second < 12 && server.Server.Counters.MessagesTooSlow == 0; second++, offset += Trickle)
        {
            await client.SendAsync(frame[offset..(offset + Trickle)]);
            await AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(offset - (frame.Length - Size), 8 * Trickle, 11 * Trickle);
        Assert.Equal(1008, (await client.ReadUntilCloseAsync())!.CloseCode);
        Assert.Equal(1, server.Server.Counters.MessagesTooSlow);
    }

    [Fact]
    public async Task Client_over_its_address_share_waits_while_another_address_large_message_goes_through()
    {
        await using TestServer server = TestServer.Start(Defaults, time: _time);
        IPAddress crowded = AttackAddress(0);
        var holders = new List<RawClient>();
        for (int i = 0; i < PerAddressInFlight; i++)
        {
            RawClient holder = await RawClient.OpenAsync(server.EndPoint, from: crowded);
            holders.Add(holder);
            await BeginMessageAsync(holder, Sent);
        }

        long heldByOneMessage = Message + MessageBuffer.HeaderRoom;
        Assert.True(await TestTimeout.Until(() => server.Server.Budget.InUse == PerAddressInFlight * heldByOneMessage));

        // A third message from the same address is over its share: it waits, unread, though the budget has room.
        await using RawClient waiting = await RawClient.OpenAsync(server.EndPoint, from: crowded);
        byte[] waitingPayload = Payload(Message);
        Task waitingSent = Task.Run(() => waiting.SendAsync(RawClient.Frame(Opcode.Binary, waitingPayload)));

        await using RawClient other = await RawClient.OpenAsync(server.EndPoint, from: AttackAddress(1));
        byte[] otherPayload = Payload(Message);
        Task otherSent = other.SendAsync(RawClient.Frame(Opcode.Binary, otherPayload));
        Assert.Equal(otherPayload, (await other.ReadFrameAsync())!.Payload);
        await otherSent;
        Assert.False(waiting.Socket.Poll(TimeSpan.FromMilliseconds(200), SelectMode.SelectRead), "echoed beyond its address's share");

        // One of its address's messages completes: the waiting one is read and echoed.
        await holders[0].SendAsync(Payload(Message - Sent));
        Assert.Equal(Opcode.Binary, (await holders[0].ReadFrameAsync())!.Opcode);
        Assert.Equal(waitingPayload, (await waiting.ReadFrameAsync())!.Payload);
        await waitingSent;

        foreach (RawClient holder in holders)
        {
            await holder.DisposeAsync();
        }
    }

    private static IPAddress AttackAddress(int attacker) => IPAddress.Parse($"127.0.0.{2 + (attacker % AttackAddresses)}");

    private static byte[] Payload(int size)
    {
        byte[] payload = new byte[size];
        Random.Shared.NextBytes(payload);
        return payload;
    }

    // The header of a binary message of Message bytes and the first bytes of its payload, all masked with a zero key.
    private static async Task BeginMessageAsync(RawClient client, int bytes)
    {
        byte[] header = new byte[FrameWriter.MaxHeaderLength];
        int headerLength = FrameWriter.WriteMaskedHeader(header, Opcode.Binary, fin: true, Message, 0);
        try
        {
            await client.SendAsync(header[..headerLength]);
            await client.SendAsync(new byte[bytes]);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Held back by TCP and cut off by the server's close.
        }
    }

    private static async Task EchoAsync(RawClient client, string text)
    {
        await client.SendTextAsync(text);
        RawFrame? frame = await client.ReadFrameAsync();
        Assert.Equal(text, frame!.Text);
    }

    private static async Task ExpectLedAsync(RawClient client, string command, bool on)
    {
        await client.SendTextAsync(command);
        string expected = $"\"on\":{(on ? "true" : "false")}";
        while (await client.ReadFrameAsync() is { } frame)
        {
            if (frame.Opcode == Opcode.Text && frame.Text.Contains("\"type\":\"led\"", StringComparison.Ordinal))
            {
                Assert.Contains(expected, frame.Text, StringComparison.Ordinal);
                return;
            }
        }

        Assert.Fail($"no LED state after {command}");
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        long start = TimeProvider.System.GetTimestamp();
        await action();
        return TimeProvider.System.GetElapsedTime(start);
    }

    // Moves the fake clock in steps finer than the watchdog's tick, letting each tick act before the next.
    private async Task AdvanceAsync(TimeSpan by)
    {
        for (TimeSpan moved = TimeSpan.Zero; moved < by; moved += Step)
        {
            _time.Advance(Step);
            await Task.Delay(2);
        }

        await Task.Delay(200);
    }
}
