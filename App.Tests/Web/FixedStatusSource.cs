using EspWs.App.Control;
using EspWs.App.Web;

namespace EspWs.App.Tests.Web;

/// <summary>A status source that always reads the status it was given.</summary>
public sealed class FixedStatusSource : IStatusSource
{
    public DeviceStatus Status { get; set; } =
        new("simulated", new LedState(IsOn: true, Sequence: 3), Clients: 2, MaxClients: 8, TimeSpan.FromSeconds(61.9), "1.2.3");

    public DeviceStatus Read() => Status;
}
