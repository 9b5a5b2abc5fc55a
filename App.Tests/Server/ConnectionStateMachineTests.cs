using EspWs.App.Server;

namespace EspWs.App.Tests.Server;

public class ConnectionStateMachineTests
{
    [Fact]
    public void New_machine_waits_for_a_client()
    {
        Assert.Equal(ConnectionState.WaitingForClient, new ConnectionStateMachine().State);
    }

    [Fact]
    public void Accepted_handshake_then_close_received_walks_the_whole_cycle()
    {
        var machine = new ConnectionStateMachine();

        machine.OnClientAccepted();
        Assert.Equal(ConnectionState.Handshaking, machine.State);
        machine.OnHandshakeAccepted();
        Assert.Equal(ConnectionState.Connected, machine.State);
        machine.OnCloseReceived(1000);
        Assert.Equal(ConnectionState.Closing, machine.State);
        Assert.Equal(1000, machine.CloseCode);
        machine.OnClosed();
        Assert.Equal(ConnectionState.WaitingForClient, machine.State);
        Assert.Equal(0, machine.CloseCode);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(426)]
    [InlineData(431)]
    public void Refused_handshake_frees_the_slot_and_remembers_the_status(int status)
    {
        var machine = new ConnectionStateMachine();
        machine.OnClientAccepted();

        machine.OnHandshakeRefused(status);

        Assert.Equal(ConnectionState.WaitingForClient, machine.State);
        Assert.Equal(status, machine.LastRefusalStatus);
    }

    [Fact]
    public void Handshake_timeout_frees_the_slot()
    {
        var machine = new ConnectionStateMachine();
        machine.OnClientAccepted();

        machine.OnHandshakeTimedOut();

        Assert.Equal(ConnectionState.WaitingForClient, machine.State);
    }

    [Theory]
    [InlineData(1002)]
    [InlineData(1007)]
    [InlineData(1009)]
    public void Protocol_violation_enters_closing_with_its_code(ushort code)
    {
        var machine = Connected();

        machine.OnProtocolViolated(code);

        Assert.Equal(ConnectionState.Closing, machine.State);
        Assert.Equal(code, machine.CloseCode);
    }

    [Fact]
    public void Requested_close_carries_its_code_not_a_default()
    {
        var machine = Connected();

        machine.RequestClose(1001);

        Assert.Equal(1001, machine.CloseCode);
    }

    [Fact]
    public void Fault_closes_with_1011()
    {
        var machine = Connected();

        machine.OnFaulted();

        Assert.Equal(ConnectionState.Closing, machine.State);
        Assert.Equal(1011, machine.CloseCode);
    }

    [Fact]
    public void Peer_gone_while_connected_frees_the_slot_directly()
    {
        var machine = Connected();

        machine.OnPeerGone();

        Assert.Equal(ConnectionState.WaitingForClient, machine.State);
    }

    [Fact]
    public void Duplicate_close_request_while_closing_is_ignored()
    {
        var machine = Connected();
        machine.RequestClose(1001);

        machine.RequestClose(1008);

        Assert.Equal(ConnectionState.Closing, machine.State);
        Assert.Equal(1001, machine.CloseCode);
    }

    public static TheoryData<string, Action<ConnectionStateMachine>> RefusedInWaiting => new()
    {
        { "handshake accepted", m => m.OnHandshakeAccepted() },
        { "close received", m => m.OnCloseReceived(1000) },
        { "closed", m => m.OnClosed() },
        { "protocol violated", m => m.OnProtocolViolated(1002) },
    };

    [Theory]
    [MemberData(nameof(RefusedInWaiting))]
    public void Trigger_not_permitted_while_waiting_throws_and_keeps_the_state(string name, Action<ConnectionStateMachine> fire)
    {
        var machine = new ConnectionStateMachine();

        var error = Assert.Throws<InvalidOperationException>(() => fire(machine));

        Assert.Contains("WaitingForClient", error.Message);
        Assert.Equal(ConnectionState.WaitingForClient, machine.State);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void Frames_cannot_be_received_before_the_handshake_is_accepted()
    {
        var machine = new ConnectionStateMachine();
        machine.OnClientAccepted();

        Assert.False(machine.CanFire(ConnectionTrigger.CloseReceived));
        Assert.Throws<InvalidOperationException>(() => machine.OnCloseReceived(1000));
    }

    private static ConnectionStateMachine Connected()
    {
        var machine = new ConnectionStateMachine();
        machine.OnClientAccepted();
        machine.OnHandshakeAccepted();
        return machine;
    }
}
