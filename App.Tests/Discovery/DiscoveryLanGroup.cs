namespace EspWs.App.Tests.Discovery;

/// <summary>The tests that run apps and daemons in network namespaces run one at a time: Avahi keeps one pid file per machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DiscoveryLanGroup
{
    public const string Name = "Discovery on a namespaced LAN";
}
