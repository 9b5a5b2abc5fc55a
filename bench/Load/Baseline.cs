namespace EspWs.Bench.Load;

/// <summary>The figures issue 9 recorded before the connection core was rebuilt, by the row they belong to: EspWs / Kestrel.</summary>
internal static class Baseline
{
    private static readonly Dictionary<string, string> Before = new()
    {
        ["echo, 100 conn × 8 in flight × 32 B: messages/s"] = "93,787 / 291,373",
        ["echo, 100 conn × 8 in flight × 32 B: server CPU per message"] = "6.3 / 2.1",
        ["echo, 100 conn × 8 in flight × 32 B: latency p50"] = "8,300 / 2,600",
        ["echo, 100 conn × 8 in flight × 32 B: latency p99"] = "31,800 / 5,800",
        ["echo, 1 conn × 1 in flight × 32 B: server CPU per message"] = "14.1 / 17.5",
        ["echo, 16 conn × 2 in flight × 16 KiB: server CPU per message"] = "11.7 / 28.3",
        ["fan-out of an LED change to 100 clients: round p50"] = "981 / 842",
        ["fan-out of an LED change to 100 clients: round p99"] = "5,816 / 1,618",
        ["RSS of the idle process, no client, MaxClients=64"] = "56 MB / 66 MB",
        ["RSS of the idle process, no client, MaxClients=100,000"] = "2,436 MB / 66 MB",
        ["RSS holding 5,000 idle connections"] = "247 MB / 169 MB",
        ["handshake p99 while 2,000 clients/s connect"] = "284,000 / 76,000",
        ["memory attack: RSS growth (worst round)"] = "430 MB / 32 MB",
    };

    /// <summary>The "before" figures of the row named <paramref name="name"/>, or "-".</summary>
    public static string For(string name) => Before.GetValueOrDefault(name, "-");
}
