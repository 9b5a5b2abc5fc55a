using System.Buffers.Binary;
using EspWs.App.Server.Protocol;
using EspWs.App.Tests.Support;
using Xunit.Abstractions;

namespace EspWs.App.Tests.Abuse;

/// <summary>A frame that announces an absurd length is refused with 1009 from its header alone, before any buffer is grown for it.</summary>
[Collection(AbuseTestGroup.Name)]
public class HugeFrameTests(ITestOutputHelper output)
{
    private const long AllocationBound = 1024 * 1024;

    /// <param name="announced">The payload length the 64-bit length field announces.</param>
    /// <param name="asContinuation">Announce it in the continuation of a small fragmented message instead of a new message.</param>
    [Theory]
    [InlineData(long.MaxValue, false)]
    [InlineData(long.MaxValue, true)]
    [InlineData(1L << 32, false)]
    [InlineData(int.MaxValue, false)]
    public async Task Frame_announcing_a_huge_length_is_refused_with_1009_before_any_allocation(long announced, bool asContinuation)
    {
        await using TestServer server = TestServer.Start(TestServer.DefaultOptions with { MaxMessageBytes = 16 * 1024 * 1024 });

        // Warm up: run the echo and the failure once, so first-call costs (JIT, static caches) are not counted.
        await RefuseAsync(server, announced, asContinuation);
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        if (asContinuation)
        {
            await client.SendFrameAsync(Opcode.Binary, new byte[100], fin: false);
        }

        byte[] header = Header(asContinuation ? Opcode.Continuation : Opcode.Binary, announced);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await client.SendAsync(header);
        RawFrame? close = await client.ReadFrameAsync();
        await client.TrySendAsync(RawClient.Frame(Opcode.Close, [0x03, 0xF1]));
        await WaitForSlotsFreeAsync(server, client);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"announced {announced:N0} bytes{(asContinuation ? " in a continuation" : "")}: closed with {close?.CloseCode}; " +
            $"the whole process allocated {allocated:N0} bytes from the header to the freed slot (bound {AllocationBound:N0})");
        Assert.Equal((ushort)1009, close?.CloseCode);
        Assert.True(allocated < AllocationBound, $"{allocated:N0} bytes were allocated for a refused frame");
    }

    private static async Task RefuseAsync(TestServer server, long announced, bool asContinuation)
    {
        await using RawClient client = await RawClient.OpenAsync(server.EndPoint);
        await client.SendTextAsync("warm");
        Assert.Equal("warm", (await client.ReadFrameAsync())?.Text);
        if (asContinuation)
        {
            await client.SendFrameAsync(Opcode.Binary, new byte[100], fin: false);
        }

        await client.SendAsync(Header(asContinuation ? Opcode.Continuation : Opcode.Binary, announced));
        Assert.Equal((ushort)1009, (await client.ReadFrameAsync())?.CloseCode);
        await client.TrySendAsync(RawClient.Frame(Opcode.Close, [0x03, 0xF1]));
        await WaitForSlotsFreeAsync(server, client);
    }

    private static async Task WaitForSlotsFreeAsync(TestServer server, RawClient client)
    {
        Assert.True(await client.ServerClosesTcpAsync());
        Assert.True(await server.AllSlotsFreeAsync());
    }

    /// <summary>A masked, final header with a 64-bit length field; no payload follows it.</summary>
    private static byte[] Header(Opcode opcode, long announced)
    {
        var header = new byte[14];
        header[0] = (byte)(0x80 | (byte)opcode);
        header[1] = 0x80 | 127;
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(2), announced);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(10), 0x12345678);
        return header;
    }
}
