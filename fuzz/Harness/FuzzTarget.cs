namespace EspWs.Fuzz.Harness;

/// <summary>One fuzz target: runs an input and throws when the code under test breaks a promise.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);
