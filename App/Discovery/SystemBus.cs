namespace EspWs.App.Discovery;

/// <summary>Where the D-Bus system bus, Avahi's way in, is found, and whether one can be there at all.</summary>
/// <remarks>
/// Kept apart from <see cref="AvahiPublisher"/> on purpose: asking this loads nothing of the D-Bus library, so a device
/// without a bus (the simulated board on a desktop, a minimal image) never maps it (docs/performance.md, the idle process).
/// </remarks>
internal static class SystemBus
{
    /// <summary>The variable that names the system bus's address, as D-Bus defines it.</summary>
    public const string AddressVariable = "DBUS_SYSTEM_BUS_ADDRESS";

    /// <summary>The system bus's socket when <see cref="AddressVariable"/> is not set (the D-Bus specification's default).</summary>
    public const string DefaultSocket = "/var/run/dbus/system_bus_socket";

    /// <summary>False when no address is set and no socket is at the default path: there is no bus to try.</summary>
    public static bool MayExist() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AddressVariable)) || File.Exists(DefaultSocket);
}
