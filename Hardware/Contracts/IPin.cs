namespace EspWs.Hardware;

/// <summary>A named pin of a board, as Meadow's <c>IPin</c>.</summary>
public interface IPin
{
    /// <summary>The pin's name on the board, for people (for example <c>OnboardLed</c>).</summary>
    string Name { get; }
}
