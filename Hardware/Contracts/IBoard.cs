namespace EspWs.Hardware;

/// <summary>The board the app runs on, as Meadow's <c>IMeadowDevice</c> (the app's <c>Device</c>): its pins, its ports (digital outputs, PWM outputs, digital inputs with edge events) and its network adapters.</summary>
/// <remarks>
/// A board is chosen once, at start, from configuration; nothing else in the app knows which one it is.
/// Disposing the board closes every port it opened. Anything a board cannot do throws
/// <see cref="NotSupportedException"/> with the reason, never a silent no-op.
/// </remarks>
public interface IBoard : IDigitalOutputController, IPwmOutputController, IDigitalInterruptController, IDisposable
{
    /// <summary>The board's name as configuration spells it (for example <c>simulated</c>).</summary>
    string Name { get; }

    /// <summary>The board's named pins.</summary>
    IPinDefinitions Pins { get; }

    /// <summary>The board's network adapters; <c>NetworkAdapters.Primary&lt;IWiFiNetworkAdapter&gt;()</c> finds its Wi-Fi.</summary>
    INetworkAdapterCollection NetworkAdapters { get; }
}
