using EspWs.App.Control;
using EspWs.App.Mqtt;
using EspWs.App.Server;

namespace EspWs.App.Metrics;

/// <summary>The parts that own the facts the metrics report; each figure is read from its owner, never counted twice.</summary>
/// <param name="Server">The server's totals: connections, refusals, messages, bytes, close codes, slow clients.</param>
/// <param name="Connections">WebSocket clients connected now (the server's <c>ConnectedCount</c>).</param>
/// <param name="Led">The LED's state as the controller holds it.</param>
/// <param name="BoardLinkUp">Whether the board's link (its network adapter, or the ESP32's Firmata link) is up.</param>
/// <param name="LedChanges">The LED's changes by source, counted from the controller's Changed event.</param>
/// <param name="Mqtt">How the MQTT link stands (<see cref="MqttLinkState.Disabled"/> when MQTT is off or not given).</param>
/// <param name="ButtonPresses">The button's presses by kind, counted from the controller's ButtonPressed event; none when not given.</param>
public sealed record MetricSources(ServerCounters Server, Func<int> Connections, Func<LedState> Led, Func<bool> BoardLinkUp, LedChangeTally LedChanges,
    Func<MqttLinkState>? Mqtt = null, ButtonPressTally? ButtonPresses = null);
