using System.Collections;

namespace EspWs.Hardware.Boards;

/// <summary>A fixed list of a board's network adapters, the primary one first.</summary>
public sealed class NetworkAdapterCollection : INetworkAdapterCollection
{
    private readonly INetworkAdapter[] _adapters;

    /// <summary>Creates the collection of <paramref name="adapters"/>, the primary one first.</summary>
    public NetworkAdapterCollection(params INetworkAdapter[] adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        _adapters = [.. adapters];
    }

    /// <inheritdoc/>
    public int Count => _adapters.Length;

    /// <inheritdoc/>
    public INetworkAdapter this[int index] => _adapters[index];

    /// <inheritdoc/>
    public T? Primary<T>()
        where T : class, INetworkAdapter => _adapters.OfType<T>().FirstOrDefault();

    /// <inheritdoc/>
    public IEnumerator<INetworkAdapter> GetEnumerator() => ((IEnumerable<INetworkAdapter>)_adapters).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
