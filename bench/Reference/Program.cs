using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EspWs.Bench.Reference;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// The reference a .NET user would pick: ASP.NET Core's WebSockets on Kestrel, echoing every message and driving
// an (imaginary) LED with the same commands and state message as EspWs. Usage: EspWs.Bench.Reference PORT [CERT.pem KEY.pem]
// (with a certificate and key it serves HTTPS and wss:// only, TLS 1.2 and 1.3, as EspWs does with its Tls: keys).
if (args.Length is not (1 or 3) || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
{
    Console.Error.WriteLine("usage: EspWs.Bench.Reference PORT [CERT.pem KEY.pem]");
    return 2;
}

X509Certificate2? certificate = args.Length == 3 ? X509Certificate2.CreateFromPemFile(args[1], args[2]) : null;

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http1;
        if (certificate is not null)
        {
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
            });
        }
    });
});
builder.Services.AddSingleton<LedHub>();

WebApplication app = builder.Build();

// Keepalive off, as EspWs runs with Server:PingInterval=0 in the benchmark.
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
app.Map("/", async (HttpContext context, LedHub hub) =>
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("EspWs reference server: connect with a WebSocket.\n");
        return;
    }

    using System.Net.WebSockets.WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
    await using var session = new ClientSession(socket, hub);
    await session.RunAsync(context.RequestAborted);
});

await app.RunAsync();
return 0;
