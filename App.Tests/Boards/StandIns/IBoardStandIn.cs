using EspWs.Hardware;

namespace EspWs.App.Tests.Boards.StandIns;

/// <summary>
/// A board under test with its hardware stood in for: the real board class, whose LED level a test can read off the
/// stand-in (emulated chip, driver double, in-memory pin) and whose link a test can cut and restore.
/// </summary>
public interface IBoardStandIn : IAsyncDisposable
{
    /// <summary>The board, as the app gets it.</summary>
    IBoard Board { get; }

    /// <summary>Whether the LED is lit, read from the stood-in hardware, not from the board's own bookkeeping.</summary>
    bool LedIsLit { get; }

    /// <summary>Cuts the board's link (the chip's power, the interface) and keeps it cut.</summary>
    Task CutLinkAsync();

    /// <summary>Lets the link come back.</summary>
    Task RestoreLinkAsync();
}
