namespace EspWs.App.Server.Connections;

/// <summary>What another thread asks of a connection's loop; a higher value overrides a lower one.</summary>
internal enum WakeRequest
{
    /// <summary>Nothing is asked.</summary>
    None,

    /// <summary>The client has been silent: send a ping.</summary>
    Ping,

    /// <summary>Close the connection with the requested code.</summary>
    Close,
}
