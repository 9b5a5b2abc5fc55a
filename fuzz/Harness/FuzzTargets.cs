namespace EspWs.Fuzz.Harness;

/// <summary>The harnesses by the names the command line and fuzz/run.sh use; each has its corpus in fuzz/corpus/NAME.</summary>
internal static class FuzzTargets
{
    /// <summary>Gets every target by name, in the order the smoke run takes them.</summary>
    public static IReadOnlyList<(string Name, FuzzTarget Run)> All { get; } =
    [
        ("handshake", HandshakeTarget.Run),
        ("frames", FrameLoopTarget.Run),
        ("utf8", Utf8Target.Run),
    ];

    /// <summary>Returns the target called <paramref name="name"/>, or null when there is none.</summary>
    public static FuzzTarget? Find(string name)
    {
        foreach ((string targetName, FuzzTarget run) in All)
        {
            if (targetName == name)
            {
                return run;
            }
        }

        return null;
    }
}
