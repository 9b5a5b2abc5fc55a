using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EspWs.App.Systemd;

/// <summary>Asks the app's own listener for <c>/healthz</c> over loopback, proving that it still accepts and answers.</summary>
/// <remarks>
/// A connect alone would prove nothing: the kernel completes a TCP handshake even when the accept loop hangs.
/// </remarks>
public static class ListenerProbe
{
    private const int MaxResponseBytes = 512;

    /// <summary>
    /// Returns the status line and body of the answer to <c>GET /healthz</c> from <paramref name="listening"/>, or null
    /// when no answer came within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<string?> GetHealthAsync(IPEndPoint listening, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(listening);
        IPAddress address = listening.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : listening.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : listening.Address;
        using var deadline = new CancellationTokenSource(timeout);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, listening.Port), deadline.Token);
            await socket.SendAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray(), SocketFlags.None, deadline.Token);
            byte[] response = new byte[MaxResponseBytes];
            int length = 0;
            int read;
            while (length < response.Length && (read = await socket.ReceiveAsync(response.AsMemory(length), SocketFlags.None, deadline.Token)) > 0)
            {
                length += read;
            }

            string text = Encoding.ASCII.GetString(response, 0, length);
            int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && headEnd > 0
                ? text[..text.IndexOf('\r', StringComparison.Ordinal)] + " " + text[(headEnd + 4)..].Trim()
                : null;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return null;
        }
    }
}
