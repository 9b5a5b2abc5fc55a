using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>
/// Where the ESP32 is, written as one string: <c>serial:/dev/ttyUSB0@115200</c> (the baud rate may be left out) or
/// <c>tcp:HOST:27016</c> (the port may be left out; an IPv6 host goes in brackets).
/// </summary>
public sealed record Esp32Link
{
    /// <summary>ConfigurableFirmata's default baud rate on the ESP32.</summary>
    public const int DefaultBaudRate = 115200;

    /// <summary>ConfigurableFirmata's default TCP port (its WiFiFirmata server).</summary>
    public const int DefaultTcpPort = 27016;

    /// <summary>The forms a link may take, for error messages.</summary>
    public const string Formats = "serial:PORT[@BAUD] (serial:/dev/ttyUSB0@115200, serial:COM3) or tcp:HOST[:PORT] (tcp:192.168.4.1:27016)";

    private Esp32Link(Esp32LinkKind kind, string target, int number)
    {
        Kind = kind;
        Target = target;
        Number = number;
    }

    /// <summary>Whether the link is serial or TCP.</summary>
    public Esp32LinkKind Kind { get; }

    /// <summary>The serial port's name (<c>/dev/ttyUSB0</c>) or the TCP host's name or address.</summary>
    public string Target { get; }

    /// <summary>The baud rate of a serial link, or the TCP port of a TCP link.</summary>
    public int Number { get; }

    /// <summary>Reads <paramref name="text"/>; throws <see cref="FormatException"/> naming the forms allowed.</summary>
    public static Esp32Link Parse(string text) =>
        TryParse(text, out Esp32Link? link, out string? problem)
            ? link
            : throw new FormatException($"'{text}' is not an ESP32 link ({problem}): use {Formats}.");

    /// <summary>Reads <paramref name="text"/>, or says what is wrong with it.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Esp32Link? link, [NotNullWhen(false)] out string? problem)
    {
        link = null;
        string value = text?.Trim() ?? "";
        if (value.StartsWith("serial:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseSerial(value["serial:".Length..], out link, out problem);
        }

        if (value.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseTcp(value["tcp:".Length..], out link, out problem);
        }

        problem = "it must start with serial: or tcp:";
        return false;
    }

    /// <summary>The transport that opens this link: a serial port or a TCP connection.</summary>
    public IFirmataTransport CreateTransport() => Kind == Esp32LinkKind.Serial
        ? new SerialFirmataTransport(Target, Number)
        : new TcpFirmataTransport(Target, Number);

    /// <summary>The link in its canonical form, with the baud rate or port written out.</summary>
    public override string ToString() => Kind == Esp32LinkKind.Serial
        ? $"serial:{Target}@{Number.ToString(CultureInfo.InvariantCulture)}"
        : $"tcp:{(Target.Contains(':', StringComparison.Ordinal) ? $"[{Target}]" : Target)}:{Number.ToString(CultureInfo.InvariantCulture)}";

    private static bool TryParseSerial(string rest, [NotNullWhen(true)] out Esp32Link? link, [NotNullWhen(false)] out string? problem)
    {
        link = null;
        int at = rest.LastIndexOf('@');
        string port = at < 0 ? rest : rest[..at];
        int baud = DefaultBaudRate;
        if (port.Length == 0 || port.Any(char.IsWhiteSpace))
        {
            problem = "the serial port's name is missing or has spaces";
            return false;
        }

        if (at >= 0 && !(int.TryParse(rest[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out baud) && baud is >= 300 and <= 5_000_000))
        {
            problem = "the baud rate must be a whole number from 300 to 5000000";
            return false;
        }

        link = new Esp32Link(Esp32LinkKind.Serial, port, baud);
        problem = null;
        return true;
    }

    private static bool TryParseTcp(string rest, [NotNullWhen(true)] out Esp32Link? link, [NotNullWhen(false)] out string? problem)
    {
        link = null;
        string host = rest;
        string? portText = null;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < rest.Length && rest[close + 1] != ':'))
            {
                problem = "an IPv6 host must be written in brackets, as [fe80::1]:27016";
                return false;
            }

            host = rest[1..close];
            portText = close + 1 < rest.Length ? rest[(close + 2)..] : null;
        }
        else if (rest.LastIndexOf(':') is var colon and >= 0)
        {
            host = rest[..colon];
            portText = rest[(colon + 1)..];
        }

        int port = DefaultTcpPort;
        if (host.Length == 0 || host.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            problem = "the host is missing or is not a host name or address";
            return false;
        }

        if (portText is not null && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535))
        {
            problem = "the TCP port must be a whole number from 1 to 65535";
            return false;
        }

        link = new Esp32Link(Esp32LinkKind.Tcp, host, port);
        problem = null;
        return true;
    }
}
