namespace EspWs.App.Configuration;

/// <summary>The command line cut into the loader's part (<c>--config</c>, <c>--Section:Key</c>) and the caller's part.</summary>
/// <param name="ConfigPath">The path given with <c>--config</c>, or null to use the default file.</param>
/// <param name="Entries">The settings given as <c>--Section:Key=value</c> or <c>--Section:Key value</c>, in order.</param>
/// <param name="RemainingArgs">Every other argument, in order, for the caller to handle.</param>
/// <param name="Error">Why the command line cannot be used, or null.</param>
internal sealed record CommandLineSplit(
    string? ConfigPath,
    IReadOnlyList<ConfigurationEntry> Entries,
    IReadOnlyList<string> RemainingArgs,
    string? Error);
