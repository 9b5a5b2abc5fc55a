namespace EspWs.Bench.Load.Engine;

/// <summary>
/// What a connection still has to send, taken from a pattern built in advance: the pattern is one unit (a frame, or a
/// block of payload) repeated, so any number of units can be sent from it without building anything per message.
/// </summary>
internal struct Outgoing
{
    /// <summary>The unit, repeated as many times as may be owed at once.</summary>
    public byte[] Pattern;

    /// <summary>The length of one unit in <see cref="Pattern"/>.</summary>
    public int Unit;

    /// <summary>Bytes queued and not yet taken by the kernel.</summary>
    public long Owed;

    /// <summary>Bytes taken by the kernel since the pattern was set; where in a unit the next byte comes from.</summary>
    public long Sent;

    /// <summary>Starts sending <paramref name="pattern"/>, whose unit is <paramref name="unit"/> bytes long, with nothing owed yet.</summary>
    public void Use(byte[] pattern, int unit)
    {
        Pattern = pattern;
        Unit = unit;
        Owed = 0;
        Sent = 0;
    }
}
