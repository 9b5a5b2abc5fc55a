using EspWs.App.Server;
using EspWs.App.Server.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.Server;

public class ConnectionLifecycleTests
{
    private static readonly string[] ToConnected = ["arm handshake", "disarm handshake", "start pump", "join", "arm keepalive"];
    private static readonly string[] LeaveConnected = ["disarm keepalive", "leave", "stop pump"];

    private readonly ConnectionLifecycle _lifecycle = new(NullLogger.Instance);

    [Fact]
    public async Task Accepting_a_client_arms_the_handshake_deadline()
    {
        var connection = new RecordingLifecycleActions();

        await _lifecycle.OnClientAcceptedAsync(connection);

        Assert.Equal(ConnectionState.Handshaking, connection.State);
        Assert.Equal(["arm handshake"], connection.Actions);
    }

    [Fact]
    public async Task Accepted_handshake_starts_the_pump_joins_the_broadcast_set_and_arms_the_keepalive()
    {
        RecordingLifecycleActions connection = await ConnectedAsync();

        Assert.Equal(ConnectionState.Connected, connection.State);
        Assert.Equal(ToConnected, connection.Actions);
    }

    public static TheoryData<string, string[]> HandshakeEndings => new()
    {
        { "refused", ["arm handshake", "disarm handshake", "release", "count refusal 426"] },
        { "served", ["arm handshake", "disarm handshake", "release"] },
        { "timed out", ["arm handshake", "disarm handshake", "release"] },
        { "peer gone", ["arm handshake", "disarm handshake", "release"] },
        { "faulted", ["arm handshake", "disarm handshake", "release"] },
    };

    [Theory]
    [MemberData(nameof(HandshakeEndings))]
    public async Task Handshake_that_does_not_open_releases_everything(string ending, string[] expected)
    {
        var connection = new RecordingLifecycleActions();
        await _lifecycle.OnClientAcceptedAsync(connection);

        await (ending switch
        {
            "refused" => _lifecycle.OnHandshakeRefusedAsync(connection, 426),
            "served" => _lifecycle.OnHttpRequestServedAsync(connection),
            "timed out" => _lifecycle.OnHandshakeTimedOutAsync(connection),
            "peer gone" => _lifecycle.OnPeerGoneAsync(connection),
            _ => _lifecycle.OnFaultedAsync(connection),
        });

        Assert.Equal(ConnectionState.WaitingForClient, connection.State);
        Assert.Equal(expected, connection.Actions);
    }

    public static TheoryData<string, string> ClosingEntries => new()
    {
        { "close received", "count close 1000|send close 1000" },
        { "close requested", "send close 1001 going away" },
        { "protocol violated", "send close 1007 bad text" },
        { "faulted", "send close 1011 internal error" },
    };

    [Theory]
    [MemberData(nameof(ClosingEntries))]
    public async Task Entering_closing_leaves_the_broadcast_set_arms_the_close_deadline_and_sends_the_close(string trigger, string closeActions)
    {
        RecordingLifecycleActions connection = await ConnectedAsync();

        await (trigger switch
        {
            "close received" => _lifecycle.OnCloseReceivedAsync(connection, 1000),
            "close requested" => _lifecycle.OnCloseRequestedAsync(connection, 1001, "going away"),
            "protocol violated" => _lifecycle.OnProtocolViolatedAsync(connection, 1007, "bad text"),
            _ => _lifecycle.OnFaultedAsync(connection),
        });

        Assert.Equal(ConnectionState.Closing, connection.State);
        Assert.Equal([.. ToConnected, .. LeaveConnected, "arm close", .. closeActions.Split('|')], connection.Actions);
    }

    [Fact]
    public async Task Peer_gone_while_connected_leaves_and_releases_without_a_close()
    {
        RecordingLifecycleActions connection = await ConnectedAsync();

        await _lifecycle.OnPeerGoneAsync(connection);

        Assert.Equal(ConnectionState.WaitingForClient, connection.State);
        Assert.Equal([.. ToConnected, .. LeaveConnected, "release"], connection.Actions);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Closing_ends_in_release_whether_the_peer_answered_or_vanished(bool answered)
    {
        RecordingLifecycleActions connection = await ConnectedAsync();
        await _lifecycle.OnCloseRequestedAsync(connection, 1001, "");
        connection.Actions.Clear();

        await (answered ? _lifecycle.OnClosedAsync(connection) : _lifecycle.OnPeerGoneAsync(connection));

        Assert.Equal(ConnectionState.WaitingForClient, connection.State);
        Assert.Equal(["release"], connection.Actions);
    }

    [Fact]
    public async Task Trigger_the_state_does_not_take_cuts_the_connection_and_keeps_the_state()
    {
        RecordingLifecycleActions connection = await ConnectedAsync();

        await _lifecycle.OnClosedAsync(connection);

        Assert.Equal(ConnectionState.Connected, connection.State);
        Assert.Equal("abort", connection.Actions[^1]);
    }

    [Fact]
    public async Task Failing_action_cuts_the_connection_instead_of_throwing()
    {
        var connection = new RecordingLifecycleActions { ThrowOnJoin = true };
        await _lifecycle.OnClientAcceptedAsync(connection);

        await _lifecycle.OnHandshakeAcceptedAsync(connection);

        Assert.Equal(ConnectionState.Connected, connection.State);
        Assert.Contains("abort", connection.Actions);
        Assert.Equal("arm keepalive", connection.Actions[^1]);
    }

    [Fact]
    public async Task Many_connections_share_a_few_machines()
    {
        var connections = Enumerable.Range(0, 200).Select(_ => new RecordingLifecycleActions()).ToArray();

        await Task.WhenAll(connections.Select(c => Task.Run(async () =>
        {
            await _lifecycle.OnClientAcceptedAsync(c);
            await _lifecycle.OnHandshakeAcceptedAsync(c);
            await _lifecycle.OnPeerGoneAsync(c);
        })));

        Assert.All(connections, c => Assert.Equal(ConnectionState.WaitingForClient, c.State));
        Assert.All(connections, c => Assert.Equal([.. ToConnected, .. LeaveConnected, "release"], c.Actions));
        Assert.InRange(_lifecycle.MachinesCreated, 1, Environment.ProcessorCount * 4 + 8);
    }

    private async Task<RecordingLifecycleActions> ConnectedAsync()
    {
        var connection = new RecordingLifecycleActions();
        await _lifecycle.OnClientAcceptedAsync(connection);
        await _lifecycle.OnHandshakeAcceptedAsync(connection);
        return connection;
    }
}
