using System.Net;
using System.Net.Sockets;
using EspWs.App.Configuration;

namespace EspWs.App;

/// <summary>
/// Before anything slow (the board, the Wi-Fi join), binds the address the server will listen on, once, and says in
/// one line naming the setting why it cannot be used: the port taken, or an address this machine does not have.
/// </summary>
/// <remarks>
/// The server listens on this machine whatever the board (an ESP32 is reached through its link, not served from),
/// so the check holds for every board. The socket is closed at once: the server binds it again a moment later.
/// </remarks>
public static class ListenAddressCheck
{
    /// <summary>Returns why the server cannot listen as validated <paramref name="settings"/> say, or null when it can.</summary>
    public static string? Check(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endPoint = new IPEndPoint(IPAddress.Parse(settings.BindAddress), settings.Port);
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(1);
            return null;
        }
        catch (SocketException ex)
        {
            return Describe(endPoint, ex.SocketErrorCode, ex.Message);
        }
    }

    /// <summary>The line that names the setting to change for a bind of <paramref name="endPoint"/> that failed with <paramref name="error"/>.</summary>
    public static string Describe(IPEndPoint endPoint, SocketError error, string message)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        string at = $"Server:BindAddress = {endPoint.Address}, Server:Port = {endPoint.Port}";
        return error switch
        {
            SocketError.AddressAlreadyInUse =>
                $"Server:Port = {endPoint.Port} is already in use on {endPoint.Address} (Server:BindAddress): stop the program that listens there, or choose another Server:Port.",
            SocketError.AddressNotAvailable =>
                $"Server:BindAddress = {endPoint.Address} is not an address of this machine: use one of its addresses, or 0.0.0.0 for all of them.",
            SocketError.AccessDenied =>
                $"Server:Port = {endPoint.Port} needs privileges on this machine (ports below 1024 do): choose a port from 1024, or grant CAP_NET_BIND_SERVICE.",
            _ => $"Cannot listen on {at}: {message}",
        };
    }
}
