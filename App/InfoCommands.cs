namespace EspWs.App;

/// <summary>The <c>--help</c> and <c>--version</c> commands: they print, exit 0 and start nothing.</summary>
public static class InfoCommands
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        usage: EspWs.App [--config PATH] [--Section:Key=VALUE ...]
               EspWs.App --generate-certificate DIR [--force]
               EspWs.App --state-diagram[=PATH]
               EspWs.App --help | --version

        Runs the EspWs device: a WebSocket server (ws://HOST:9998/, the control page at http://HOST:9998/) that echoes
        what its clients send and switches the LED on ON and OFF.

          --config PATH               read PATH instead of the app.config.yaml beside the binary
          --Section:Key=VALUE         set one setting (--Server:Port=8080); ESPWS_Section__Key=VALUE in the
                                      environment does the same (ESPWS_WiFi__Password for secrets)
          --generate-certificate DIR  write a self-signed cert.pem and key.pem for this machine into DIR and print
                                      the Tls settings that use them (--force replaces existing files)
          --state-diagram[=PATH]      print (or write to PATH) the connection state machine as Mermaid
          --help                      print this and exit
          --version                   print the version and exit

        Every setting, its default and what it allows: docs/configuration.md. Running it as a service: docs/deploy.md.
        Exit codes: 0 stopped cleanly, 1 the app failed, 2 bad configuration (or the address cannot be listened on),
        3 the board's hardware is missing.
        """;

    /// <summary>True when <paramref name="args"/> asked for help or the version; it was then printed to <paramref name="output"/>.</summary>
    public static bool TryRun(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            output.WriteLine(Usage);
            return true;
        }

        if (args.Any(a => a is "--version"))
        {
            output.WriteLine($"EspWs {AppVersion.Text}");
            return true;
        }

        return false;
    }
}
