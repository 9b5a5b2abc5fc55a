using System.Text;

namespace EspWs.App.Tests.Boards.Firmata;

/// <summary>
/// What an ESP32 running ConfigurableFirmata 3.4 sends after a reset, byte for byte: the ROM's boot log on the same
/// UART at 115200 baud, then the firmware's announcement (Firmata.begin, then the sketch's string).
/// </summary>
public static class FirmataBoot
{
    public const string FirmwareName = "ConfigurableFirmata";

    /// <summary>The ESP32 ROM's boot log after a power-on reset, as it appears at 115200 baud: plain ASCII, no Firmata.</summary>
    public static readonly byte[] RomLog = Encoding.ASCII.GetBytes(
        "ets Jun  8 2016 00:22:57\r\n\r\n" +
        "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" +
        "configsip: 0, SPIWP:0xee\r\n" +
        "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n" +
        "mode:DIO, clock div:1\r\n" +
        "load:0x3fff0030,len:1184\r\n" +
        "load:0x40078000,len:13260\r\n" +
        "load:0x40080400,len:3028\r\n" +
        "entry 0x400805e4\r\n");

    /// <summary>REPORT_VERSION: protocol 2.8.</summary>
    public static readonly byte[] VersionReport = [0xF9, 0x02, 0x08];

    /// <summary>REPORT_FIRMWARE: ConfigurableFirmata 3.4.</summary>
    public static readonly byte[] FirmwareReport = [0xF0, 0x79, 0x03, 0x04, .. SevenBitPairs(FirmwareName), 0xF7];

    /// <summary>STRING_DATA: what the stock sketch says once its transport is up.</summary>
    public static readonly byte[] BootingString = [0xF0, 0x71, .. SevenBitPairs("Booting device. Stand by..."), 0xF7];

    /// <summary>The announcement alone: version, firmware, then the string.</summary>
    public static byte[] Announcement => [.. VersionReport, .. FirmwareReport, .. BootingString];

    /// <summary>Restarts <paramref name="chip"/> with its links still open: it forgets its pins, boots, and announces itself on every link.</summary>
    public static async Task RestartAsync(FirmataChip chip, IEnumerable<FirmataEmulatorSession> sessions, bool withRomLog)
    {
        chip.PowerOff();
        chip.SystemReset();
        foreach (FirmataEmulatorSession session in sessions)
        {
            await session.SendAsync(withRomLog ? [.. RomLog, .. Announcement] : Announcement);
        }
    }

    /// <summary>Firmata's two 7-bit bytes per character, low bits first.</summary>
    public static IEnumerable<byte> SevenBitPairs(string text) =>
        Encoding.ASCII.GetBytes(text).SelectMany(c => new[] { (byte)(c & 0x7F), (byte)(c >> 7) });
}
