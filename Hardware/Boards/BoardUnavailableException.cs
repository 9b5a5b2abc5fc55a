namespace EspWs.Hardware.Boards;

/// <summary>A board's hardware cannot be opened on this machine; the message says what is missing, in one line.</summary>
public sealed class BoardUnavailableException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public BoardUnavailableException()
        : base("The board's hardware cannot be opened on this machine.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, one line naming what is missing.</summary>
    public BoardUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the failure behind it.</summary>
    public BoardUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
