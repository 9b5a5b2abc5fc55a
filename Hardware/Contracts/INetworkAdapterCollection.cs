namespace EspWs.Hardware;

/// <summary>The network adapters of a board, the primary one first, as Meadow's <c>INetworkAdapterCollection</c>.</summary>
public interface INetworkAdapterCollection : IReadOnlyList<INetworkAdapter>
{
    /// <summary>The first adapter that is a <typeparamref name="T"/>, or <see langword="null"/> when the board has none.</summary>
    /// <typeparam name="T">The kind of adapter wanted, for example <see cref="IWiFiNetworkAdapter"/>.</typeparam>
    T? Primary<T>()
        where T : class, INetworkAdapter;
}
