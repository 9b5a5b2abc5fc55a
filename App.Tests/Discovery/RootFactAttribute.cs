using System.Runtime.InteropServices;

namespace EspWs.App.Tests.Discovery;

/// <summary>A test that makes network namespaces (<c>ip netns add</c>): it runs as root, as CI does, and is skipped with the reason otherwise.</summary>
public sealed partial class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || GetEffectiveUserId() != 0)
        {
            Skip = "needs root on Linux: the test makes network namespaces and a veth pair (ip netns add), so no packet leaves the machine; CI runs as root";
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
