namespace EspWs.App.Discovery;

/// <summary>Where a <see cref="MdnsResponder"/> stands in RFC 6762 §8: claiming its names, announcing them, or serving.</summary>
public enum ResponderPhase
{
    /// <summary>Not started, or stopped.</summary>
    Idle,

    /// <summary>Asking three times, 250 ms apart, whether anyone holds its names (§8.1).</summary>
    Probing,

    /// <summary>Telling the link its records, twice, a second apart (§8.3); it answers queries from now on.</summary>
    Announcing,

    /// <summary>Answering the questions asked of it, nothing more.</summary>
    Serving,
}
