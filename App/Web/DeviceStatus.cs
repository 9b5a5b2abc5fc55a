using EspWs.App.Control;
using EspWs.App.Mqtt;

namespace EspWs.App.Web;

/// <summary>One reading of the device, as <c>GET /status</c> reports it (docs/protocol.md has the JSON).</summary>
/// <param name="Board">The board the app runs on, as <c>Board:Name</c> names it.</param>
/// <param name="Led">The LED's state and sequence number, as the state messages tell it.</param>
/// <param name="Clients">How many WebSocket clients are connected.</param>
/// <param name="MaxClients">How many clients may be connected at once (<c>Server:MaxClients</c>).</param>
/// <param name="Uptime">How long the app has been running.</param>
/// <param name="Version">The app's version.</param>
/// <param name="Mqtt">How the link to the MQTT broker stands; <see cref="MqttLinkState.Disabled"/> when MQTT is off.</param>
/// <param name="Dimmable">Whether the LED can dim and fade (its pin has PWM on this board).</param>
/// <param name="Transition">How long the running fade still takes to reach <paramref name="Led"/>; zero when none runs.</param>
/// <param name="HasButton">Whether a push button is configured (<c>Button:Pin</c>).</param>
/// <param name="Name">The device's name for people: <c>Mqtt:NodeId</c> when set, else the machine's host name.</param>
/// <param name="BoardLinkUp">Whether the board's link to the LED is up; while it is lost the LED's real state is not known.</param>
public sealed record DeviceStatus(string Board, LedState Led, int Clients, int MaxClients, TimeSpan Uptime, string Version,
    MqttLinkState Mqtt = MqttLinkState.Disabled, bool Dimmable = false, TimeSpan Transition = default, bool HasButton = false,
    string Name = "", bool BoardLinkUp = true);
