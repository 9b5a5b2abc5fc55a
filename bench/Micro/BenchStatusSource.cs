using EspWs.App.Control;
using EspWs.App.Web;

namespace EspWs.Bench.Micro;

/// <summary>A fixed status for the benchmarks' servers, which never serve /status.</summary>
internal sealed class BenchStatusSource : IStatusSource
{
    public DeviceStatus Read() => new("bench", new LedState(IsOn: false, Sequence: 0), Clients: 0, MaxClients: 0, TimeSpan.Zero, "bench");
}
