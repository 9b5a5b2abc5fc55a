namespace EspWs.App.Tests.Abuse;

/// <summary>
/// The abusive-client tests measure the whole process (open sockets, managed memory, allocated bytes), so they run
/// alone: xunit runs a collection with parallelization disabled after every other test, one test at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AbuseTestGroup
{
    public const string Name = "Abusive clients";
}
