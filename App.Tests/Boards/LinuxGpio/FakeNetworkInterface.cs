using System.Net;
using EspWs.Hardware.Boards.LinuxGpio;

namespace EspWs.App.Tests.Boards.LinuxGpio;

/// <summary>A network interface a test switches on and off, and a network manager that switches it on when asked to join.</summary>
public sealed class FakeNetworkInterface : INetworkInterfaceProbe, IWiFiJoiner
{
    public static readonly IPAddress Address = IPAddress.Parse("192.0.2.17");

    private volatile IPAddress? _address;

    public FakeNetworkInterface(bool up) => _address = up ? Address : null;

    public List<string> Joined { get; } = [];

    public int Left { get; private set; }

    public void Set(bool up) => _address = up ? Address : null;

    public IPAddress? Read(string interfaceName, out string reason)
    {
        IPAddress? address = _address;
        reason = address is null ? $"interface {interfaceName} is down" : "";
        return address;
    }

    public Task JoinAsync(string interfaceName, string ssid, string password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Joined.Add(ssid);
        Set(up: true);
        return Task.CompletedTask;
    }

    public Task LeaveAsync(string interfaceName, CancellationToken cancellationToken)
    {
        Left++;
        Set(up: false);
        return Task.CompletedTask;
    }
}
