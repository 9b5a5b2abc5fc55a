using EspWs.App.Configuration;
using EspWs.App.Server.Transport;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Server.Connections;

/// <summary>What every connection of one server shares: options, handler, logger, clock, counters and budgets.</summary>
/// <remarks>One object for the server, so a connection carries one reference instead of a dozen fields.</remarks>
internal sealed class ConnectionContext
{
    /// <summary>The server's limits and timeouts.</summary>
    public required ServerSettings Options { get; init; }

    /// <summary>Who handles each complete message.</summary>
    public required IMessageHandler Handler { get; init; }

    /// <summary>Who answers plain HTTP requests.</summary>
    public required IHttpEndpoint Http { get; init; }

    /// <summary>The server's log.</summary>
    public required ILogger Log { get; init; }

    /// <summary>The clock every deadline is measured on.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>The server's running totals.</summary>
    public required ServerCounters Counters { get; init; }

    /// <summary>The message memory all connections share.</summary>
    public required MessageMemoryBudget Budget { get; init; }

    /// <summary>The connected clients a broadcast reaches.</summary>
    public required BroadcastSet Broadcast { get; init; }

    /// <summary>Who may open a WebSocket.</summary>
    public required HandshakePolicy Policy { get; init; }

    /// <summary>The transport-setup step (plain, or TLS).</summary>
    public required IConnectionTransportFactory Transports { get; init; }

    /// <summary>Called once when a connection has given everything back.</summary>
    public required Action<Connection> Released { get; init; }
}
