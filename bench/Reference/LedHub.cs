using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace EspWs.Bench.Reference;

/// <summary>The LED state and the set of connected clients; a change is queued to every client in the order it happened.</summary>
public sealed class LedHub
{
    private readonly ConcurrentDictionary<ClientSession, byte> _clients = new();
    private readonly Lock _gate = new();
    private bool _on;
    private long _sequence;

    /// <summary>Adds a client to the broadcast set.</summary>
    public void Join(ClientSession client) => _clients.TryAdd(client, 0);

    /// <summary>Removes a client from the broadcast set.</summary>
    public void Leave(ClientSession client) => _clients.TryRemove(client, out _);

    /// <summary>
    /// Applies a text message if it is a command: a change goes to every client, otherwise the state goes to the sender.
    /// </summary>
    public void OnText(ReadOnlySpan<byte> message, ClientSession sender)
    {
        if (!TryParse(message, out string? command))
        {
            return;
        }

        lock (_gate)
        {
            bool wanted = command switch
            {
                "ON" => true,
                "OFF" => false,
                "TOGGLE" => !_on,
                _ => _on,
            };

            if (wanted == _on)
            {
                sender.TryQueue(State(_on, _sequence));
                return;
            }

            _on = wanted;
            _sequence++;
            byte[] state = State(_on, _sequence);
            foreach (ClientSession client in _clients.Keys)
            {
                client.TryQueue(state);
            }
        }
    }

    private static byte[] State(bool on, long sequence) => Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"led\",\"on\":{(on ? "true" : "false")},\"seq\":{sequence}}}"));

    // Whole message, trimmed, ignoring ASCII case: "ON", " on\n"; not "ONION".
    private static bool TryParse(ReadOnlySpan<byte> message, out string? command)
    {
        command = null;
        ReadOnlySpan<byte> trimmed = message.Trim(" \t\r\n"u8);
        if (trimmed.Length is < 2 or > 6)
        {
            return false;
        }

        Span<char> upper = stackalloc char[trimmed.Length];
        for (int i = 0; i < trimmed.Length; i++)
        {
            upper[i] = char.ToUpperInvariant((char)trimmed[i]);
        }

        command = upper switch
        {
            "ON" => "ON",
            "OFF" => "OFF",
            "TOGGLE" => "TOGGLE",
            "STATUS" => "STATUS",
            _ => null,
        };
        return command is not null;
    }
}
