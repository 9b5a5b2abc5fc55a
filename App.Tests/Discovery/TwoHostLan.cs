using System.Diagnostics;

namespace EspWs.App.Tests.Discovery;

/// <summary>
/// Two hosts on one link, made for a test and removed after it: network namespaces joined by a veth pair, addressed
/// 192.0.2.1 and 192.0.2.2 (RFC 5737's documentation range), so multicast DNS flows between them and no packet
/// leaves the machine.
/// </summary>
public sealed class TwoHostLan : IDisposable
{
    public const string AddressA = "192.0.2.1";
    public const string AddressB = "192.0.2.2";

    private static int _made;

    public TwoHostLan()
    {
        // Names unique to this test run: namespaces and interfaces are global to the machine; an interface name has at most 15 characters.
        string id = $"{Environment.ProcessId % 100_000}x{Interlocked.Increment(ref _made)}";
        A = $"espws-{id}-a";
        B = $"espws-{id}-b";
        InterfaceA = $"ew{id}a";
        InterfaceB = $"ew{id}b";
        try
        {
            Ip("netns", "add", A);
            Ip("netns", "add", B);
            Ip("link", "add", InterfaceA, "type", "veth", "peer", "name", InterfaceB);
            Ip("link", "set", InterfaceA, "netns", A);
            Ip("link", "set", InterfaceB, "netns", B);
            Up(A, InterfaceA, AddressA);
            Up(B, InterfaceB, AddressB);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Gets the first host's namespace.</summary>
    public string A { get; }

    /// <summary>Gets the second host's namespace.</summary>
    public string B { get; }

    public string InterfaceA { get; }

    public string InterfaceB { get; }

    public void Dispose()
    {
        // Deleting a namespace deletes its end of the pair, and with it the other end.
        foreach (string netns in new[] { A, B })
        {
            Run("ip", ["netns", "del", netns], mustSucceed: false);
        }
    }

    private static void Up(string netns, string nic, string address)
    {
        Ip("-n", netns, "link", "set", "lo", "up");
        Ip("-n", netns, "addr", "add", address + "/24", "dev", nic);
        Ip("-n", netns, "link", "set", nic, "up");
        // A host on a LAN has a default route; without one, a program that sends multicast without naming the
        // interface (Node's multicast-dns does) has nowhere to send it.
        Ip("-n", netns, "route", "add", "224.0.0.0/4", "dev", nic);
    }

    private static void Ip(params string[] arguments) => Run("ip", arguments, mustSucceed: true);

    private static void Run(string program, string[] arguments, bool mustSucceed)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start");
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (mustSucceed && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }
}
