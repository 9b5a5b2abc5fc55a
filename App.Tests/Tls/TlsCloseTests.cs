using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using EspWs.App.Server.Protocol;
using EspWs.App.Systemd;
using EspWs.App.Tests.Support;

namespace EspWs.App.Tests.Tls;

/// <summary>
/// The end of a wss:// connection as docs/protocol.md promises it: after the close handshake, whoever started it, the
/// server sends TLS's close_notify before its TCP FIN. Read from the raw TLS records over TLS 1.2, whose record headers
/// say an alert in the clear (TLS 1.3 hides it inside application data).
/// </summary>
public sealed class TlsCloseTests : IDisposable
{
    private const byte AlertRecord = 21;
    private readonly TestCertificate _certificate = TestCertificate.Create();

    [Theory]
    [InlineData("client")]
    [InlineData("server")]
    public async Task Close_handshake_over_tls_ends_with_close_notify_before_the_fin(string startedBy)
    {
        await using TestServer server = TestServer.Start(tls: _certificate);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.EndPoint);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        await using var raw = new FirstBytesStream(network, int.MaxValue);
        await using var tls = new SslStream(raw, leaveInnerStreamOpen: true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == _certificate.Certificate.GetCertHashString(),
        }, TestTimeout.Token());
        await tls.WriteAsync(Encoding.ASCII.GetBytes(RawClient.UpgradeRequest(server.EndPoint.Port)), TestTimeout.Token());
        var frames = new FrameSource(tls);
        Assert.StartsWith("HTTP/1.1 101", await frames.ReadHeadAsync());

        Task stopping = Task.CompletedTask;
        if (startedBy == "client")
        {
            await tls.WriteAsync(RawClient.Frame(Opcode.Close, [0x03, 0xE8]), TestTimeout.Token());
            Assert.Equal(Opcode.Close, await frames.ReadUntilCloseAsync());
        }
        else
        {
            stopping = server.Server.StopAsync();
            Assert.Equal(Opcode.Close, await frames.ReadUntilCloseAsync());
            await tls.WriteAsync(RawClient.Frame(Opcode.Close, [0x03, 0xE8]), TestTimeout.Token());
        }

        Assert.True(await frames.EndsAsync());
        Assert.Equal(AlertRecord, LastRecordType(raw.Held));
        await stopping;
    }

    public void Dispose() => _certificate.Dispose();

    // TLS records: a content type, a version, a 16-bit length, then the payload (RFC 5246 §6.2.1).
    private static byte LastRecordType(byte[] bytes)
    {
        int at = 0;
        byte last = 0;
        while (at + 5 <= bytes.Length)
        {
            last = bytes[at];
            at += 5 + BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 3));
        }

        Assert.Equal(bytes.Length, at);
        return last;
    }

    /// <summary>Reads the HTTP head and then the server's frames, from the decrypted stream.</summary>
    private sealed class FrameSource(Stream stream)
    {
        private readonly List<byte> _pending = [];

        public async Task<string> ReadHeadAsync()
        {
            while (true)
            {
                int end = Encoding.ASCII.GetString([.. _pending]).IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    string head = Encoding.ASCII.GetString([.. _pending], 0, end);
                    _pending.RemoveRange(0, end + 4);
                    return head;
                }

                Assert.True(await FillAsync(), "the server closed before its answer");
            }
        }

        // The server's frames are short and unmasked here: a 7-bit or 16-bit length.
        public async Task<Opcode> ReadUntilCloseAsync()
        {
            while (true)
            {
                while (_pending.Count < 4 || _pending.Count < FrameLength())
                {
                    Assert.True(await FillAsync(), "the server closed before its close frame");
                }

                var opcode = (Opcode)(_pending[0] & 0x0F);
                _pending.RemoveRange(0, FrameLength());
                if (opcode == Opcode.Close)
                {
                    return opcode;
                }
            }
        }

        public async Task<bool> EndsAsync()
        {
            while (await FillAsync())
            {
                _pending.Clear();
            }

            return true;
        }

        private int FrameLength() => (_pending[1] & 0x7F) == 126 ? 4 + ((_pending[2] << 8) | _pending[3]) : 2 + (_pending[1] & 0x7F);

        private async Task<bool> FillAsync()
        {
            byte[] buffer = new byte[4096];
            int read = await stream.ReadAsync(buffer, TestTimeout.Token());
            _pending.AddRange(buffer.AsSpan(0, read));
            return read > 0;
        }
    }
}
