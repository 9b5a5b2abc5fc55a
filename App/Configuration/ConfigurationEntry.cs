namespace EspWs.App.Configuration;

/// <summary>One key and value as one source gave it, with words naming that source for messages.</summary>
/// <param name="Key">The configuration key, sections separated by <c>:</c>.</param>
/// <param name="Value">The value; null for a key that only holds other keys.</param>
/// <param name="Source">Where the key came from, e.g. <c>app.config.yaml</c> or <c>environment variable ESPWS_Server__Port</c>.</param>
internal sealed record ConfigurationEntry(string Key, string? Value, string Source);
