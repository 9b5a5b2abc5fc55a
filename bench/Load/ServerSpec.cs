using System.Globalization;
using System.Security.Cryptography.X509Certificates;

namespace EspWs.Bench.Load;

/// <summary>How to start one server under test: its name in the table, the program, and its arguments for a port.</summary>
/// <param name="Name">The server's name in the report.</param>
/// <param name="FileName">The program to run (<c>dotnet</c>, or a native executable).</param>
/// <param name="Arguments">The arguments, given the port to listen on.</param>
/// <param name="Environment">Extra environment variables for the child process.</param>
/// <param name="Certificate">The certificate it serves TLS with, or null for plain.</param>
internal sealed record ServerSpec(string Name, string FileName, Func<int, IReadOnlyList<string>> Arguments,
    IReadOnlyDictionary<string, string>? Environment = null, X509Certificate2? Certificate = null)
{
    /// <summary>EspWs from its built dll (or a published executable, such as the device build), with the benchmark's
    /// settings (no per-address cap, no keepalive) and any <paramref name="extra"/> ones.</summary>
    public static ServerSpec EspWs(string dll, int maxClients, params string[] extra) => Launch("EspWs", dll,
        port => [.. Basic(port), $"--Server:MaxClients={maxClients}", "--Server:MaxConnectionsPerAddress=0", "--Server:PingInterval=0", .. extra]);

    /// <summary>EspWs from its built dll (or a published executable) at its default configuration, bound to a loopback port.</summary>
    public static ServerSpec EspWsDefaults(string dll) => Launch("EspWs", dll, Basic);

    /// <summary>EspWs over TLS with <paramref name="tls"/>'s certificate and key.</summary>
    public static ServerSpec EspWsTls(string dll, int maxClients, TlsFiles tls) =>
        EspWs(dll, maxClients, $"--Tls:CertificatePath={tls.CertificatePath}", $"--Tls:KeyPath={tls.KeyPath}") with { Certificate = tls.Certificate };

    /// <summary>EspWs as a native executable (self-contained or Native AOT), with the benchmark's settings.</summary>
    public static ServerSpec EspWsNative(string name, string executable, int maxClients) => EspWs(executable, maxClients) with { Name = name };

    /// <summary>The Kestrel reference from its built dll.</summary>
    public static ServerSpec Kestrel(string dll, IReadOnlyDictionary<string, string>? environment = null) =>
        new("Kestrel", "dotnet", port => [dll, port.ToString(CultureInfo.InvariantCulture)], environment);

    /// <summary>The Kestrel reference serving HTTPS with <paramref name="tls"/>'s certificate and key.</summary>
    public static ServerSpec KestrelTls(string dll, TlsFiles tls) =>
        new("Kestrel", "dotnet", port => [dll, port.ToString(CultureInfo.InvariantCulture), tls.CertificatePath, tls.KeyPath], Certificate: tls.Certificate);

    // A .dll runs under dotnet; anything else is a native executable run as it is.
    private static ServerSpec Launch(string name, string program, Func<int, IReadOnlyList<string>> arguments) =>
        program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new(name, "dotnet", port => [program, .. arguments(port)])
            : new(name, program, arguments);

    private static string[] Basic(int port) =>
        ["--Server:BindAddress=127.0.0.1", $"--Server:Port={port}", "--Logging:LogLevel:Default=Warning"];
}
