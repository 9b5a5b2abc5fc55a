namespace EspWs.Hardware.Boards;

/// <summary>The board behind a <see cref="DigitalOutputPort"/>: it keeps the port's level and drives the real pin.</summary>
internal interface IOutputPortOwner
{
    /// <summary>The level <paramref name="port"/> was last set to; throws <see cref="ObjectDisposedException"/> once it is closed.</summary>
    bool ReadLevel(DigitalOutputPort port);

    /// <summary>Sets <paramref name="port"/> to <paramref name="level"/>; throws <see cref="ObjectDisposedException"/> once it is closed.</summary>
    void WriteLevel(DigitalOutputPort port, bool level);

    /// <summary>Closes <paramref name="port"/> and frees its pin; closing it twice does nothing.</summary>
    void Release(DigitalOutputPort port);
}
