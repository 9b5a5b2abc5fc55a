namespace EspWs.App.Configuration;

/// <summary>What a configuration key is, as far as <see cref="EspWsSettings"/> is concerned.</summary>
internal enum SettingKeyKind
{
    /// <summary>No setting has this key; it is ignored with a warning.</summary>
    Unknown,

    /// <summary>A section holding other keys (<c>Server</c>); it carries no value of its own.</summary>
    Section,

    /// <summary>A single setting with a value of a known type (<c>Server:Port</c>, <c>Logging:LogLevel:Default</c>).</summary>
    Value,

    /// <summary>A key under a section read by a library whose keys the settings do not model (<c>Logging:Console:*</c>).</summary>
    PassThrough,
}
