namespace EspWs.App.Health;

/// <summary>Tells whether the device is up: the server listens and the board's link is up (docs/operations.md, "Health").</summary>
/// <remarks>It reads the parts that own these facts when asked; it keeps no state and allocates nothing when up.</remarks>
public sealed class HealthCheck
{
    private static readonly HealthReport Up = new(true, "");
    private static readonly HealthReport NotListening = new(false, "the WebSocket listener is not running");
    private static readonly HealthReport BoardLinkDown = new(false, "the board's link is down");

    private readonly Func<bool> _listening;
    private readonly Func<bool> _boardLinkUp;

    /// <summary>Reads the listener's state from <paramref name="listening"/> and the board link's from <paramref name="boardLinkUp"/>.</summary>
    public HealthCheck(Func<bool> listening, Func<bool> boardLinkUp)
    {
        ArgumentNullException.ThrowIfNull(listening);
        ArgumentNullException.ThrowIfNull(boardLinkUp);
        _listening = listening;
        _boardLinkUp = boardLinkUp;
    }

    /// <summary>Returns the device's health as of now.</summary>
    public HealthReport Check()
    {
        if (!_listening())
        {
            return NotListening;
        }

        return _boardLinkUp() ? Up : BoardLinkDown;
    }
}
