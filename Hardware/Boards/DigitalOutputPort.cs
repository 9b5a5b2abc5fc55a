namespace EspWs.Hardware.Boards;

/// <summary>An output port of a board: the board keeps its level and drives the pin, the port only forwards to it.</summary>
public sealed class DigitalOutputPort : IDigitalOutputPort
{
    private readonly PortBoard _board;

    internal DigitalOutputPort(PortBoard board, IPin pin, bool initialState)
    {
        _board = board;
        Pin = pin;
        InitialState = initialState;
    }

    /// <inheritdoc/>
    public IPin Pin { get; }

    /// <inheritdoc/>
    public bool InitialState { get; }

    /// <inheritdoc/>
    public bool State
    {
        get => _board.ReadLevel(this);
        set => _board.WriteLevel(this, value);
    }

    /// <summary>Closes the port and frees its pin for another port.</summary>
    public void Dispose() => _board.Release(this, Pin);

    /// <summary>The pin's name, so log lines and messages read naturally.</summary>
    public override string ToString() => $"output port on {Pin.Name}";
}
