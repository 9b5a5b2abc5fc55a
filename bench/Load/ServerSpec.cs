namespace EspWs.Bench.Load;

/// <summary>How to start one server under test: its name in the table, the program, and its arguments for a port.</summary>
/// <param name="Name">The server's name in the report.</param>
/// <param name="FileName">The program to run (<c>dotnet</c>, or a native executable).</param>
/// <param name="Arguments">The arguments, given the port to listen on.</param>
/// <param name="Environment">Extra environment variables for the child process.</param>
internal sealed record ServerSpec(string Name, string FileName, Func<int, IReadOnlyList<string>> Arguments,
    IReadOnlyDictionary<string, string>? Environment = null)
{
    /// <summary>EspWs from its built dll, with the benchmark's settings and any <paramref name="extra"/> ones.</summary>
    public static ServerSpec EspWs(string dll, int maxClients, params string[] extra) => new("EspWs", "dotnet",
        port => [dll, .. EspWsArguments(port, maxClients), .. extra]);

    /// <summary>EspWs as a native executable (self-contained or Native AOT), with the same settings.</summary>
    public static ServerSpec EspWsNative(string name, string executable, int maxClients) =>
        new(name, executable, port => EspWsArguments(port, maxClients));

    /// <summary>The Kestrel reference from its built dll.</summary>
    public static ServerSpec Kestrel(string dll, IReadOnlyDictionary<string, string>? environment = null) =>
        new("Kestrel", "dotnet", port => [dll, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment);

    private static string[] EspWsArguments(int port, int maxClients) =>
    [
        "--Server:BindAddress=127.0.0.1",
        $"--Server:Port={port}",
        $"--Server:MaxClients={maxClients}",
        "--Server:MaxConnectionsPerAddress=0",
        "--Server:PingInterval=0",
        "--Logging:LogLevel:Default=Warning",
    ];
}
