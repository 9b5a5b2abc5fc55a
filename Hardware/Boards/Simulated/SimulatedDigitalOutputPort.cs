namespace EspWs.Hardware.Boards.Simulated;

/// <summary>An output port on the simulated board: every change of level is logged and raised as <see cref="SimulatedBoard.PinStateChanged"/>.</summary>
public sealed class SimulatedDigitalOutputPort : IDigitalOutputPort
{
    private readonly SimulatedBoard _board;

    internal SimulatedDigitalOutputPort(SimulatedBoard board, IPin pin, bool initialState)
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

    /// <summary>Closes the port and frees its pin for another port; the pin keeps its last level.</summary>
    public void Dispose() => _board.Release(this);

    /// <summary>The pin's name, so log lines and messages read naturally.</summary>
    public override string ToString() => $"output port on {Pin.Name}";
}
