namespace EspWs.Bench.Load;

/// <summary>The TLS rows: echo and fan-out through wss:// against both servers with the same certificate.</summary>
internal sealed partial class BenchmarkRun
{
    private void Tls()
    {
    }
}
