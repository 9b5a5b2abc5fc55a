namespace EspWs.Bench.Load;

/// <summary>One build's cost at start and at rest.</summary>
/// <param name="Name">The build, e.g. "EspWs, Native AOT".</param>
/// <param name="StartToHandshakeMs">Median time from process start to the first handshake answered.</param>
/// <param name="IdleRssKiB">Median RSS one second after that handshake.</param>
/// <param name="DiskKiB">The size of the build's files on disk, or 0 when not known.</param>
/// <param name="Error">Why the build could not be measured, or null.</param>
internal sealed record StartupResult(string Name, double StartToHandshakeMs, double IdleRssKiB, long DiskKiB, string? Error);
