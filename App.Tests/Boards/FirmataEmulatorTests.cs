using EspWs.App.Tests.Boards.Firmata;
using EspWs.App.Tests.Support;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards;

/// <summary>The emulator does what ConfigurableFirmata 3.4 does, seen from the wire; the board's reaction is pinned in Esp32RestartTests.</summary>
public class FirmataEmulatorTests
{
    [Fact]
    public async Task After_a_reset_the_chip_sends_its_boot_log_then_the_exact_announcement()
    {
        await using var emulator = new FirmataDeviceEmulator();
        FirmataConnection link = await emulator.Transport.OpenAsync(CancellationToken.None);
        using Stream stream = link.Stream;

        await emulator.RestartChipAsync();
        byte[] received = await ReadAsync(stream, FirmataBoot.RomLog.Length + FirmataBoot.Announcement.Length);

        byte[] announcement = received[FirmataBoot.RomLog.Length..];
        Assert.Equal(FirmataBoot.RomLog, received[..FirmataBoot.RomLog.Length]);
        Assert.Equal(new byte[] { 0xF9, 0x02, 0x08, 0xF0, 0x79, 0x03, 0x04, (byte)'C', 0x00, (byte)'o', 0x00 }, announcement[..11]);
        Assert.Equal("ConfigurableFirmata", Decode(announcement.AsSpan(7, 38)));
        Assert.Equal(new byte[] { 0xF7, 0xF0, 0x71 }, announcement[45..48]);
        Assert.Equal("Booting device. Stand by...", Decode(announcement.AsSpan(48, 54)));
        Assert.Equal(0xF7, announcement[^1]);
        Assert.Equal(103, announcement.Length);
    }

    [Fact]
    public async Task The_capability_report_covers_pins_0_to_19_only()
    {
        await using var emulator = new FirmataDeviceEmulator();
        FirmataConnection link = await emulator.Transport.OpenAsync(CancellationToken.None);
        using Stream stream = link.Stream;

        await stream.WriteAsync(new byte[] { 0xF0, 0x6B, 0xF7 });
        byte[] reply = await ReadUntilAsync(stream, 0xF7);

        Assert.Equal(new byte[] { 0xF0, 0x6C }, reply[..2]);
        Assert.Equal(20, reply.Count(b => b == 0x7F));
    }

    [Fact]
    public async Task A_mode_change_to_output_drives_the_pin_low_first_even_when_it_is_already_a_high_output()
    {
        await using var emulator = new FirmataDeviceEmulator();
        FirmataConnection link = await emulator.Transport.OpenAsync(CancellationToken.None);
        using Stream stream = link.Stream;

        await stream.WriteAsync(new byte[] { 0xF4, 0x02, 0x01, 0xF5, 0x02, 0x01, 0xF4, 0x02, 0x01 });

        Assert.True(await TestTimeout.Until(() => emulator.Chip.LevelsOf(2).Count == 3));
        Assert.Equal([false, true, false], emulator.Chip.LevelsOf(2));
    }

    [Fact]
    public async Task The_capability_report_offers_pwm_at_8_bits_and_the_pull_up_on_a_general_pin()
    {
        await using var emulator = new FirmataDeviceEmulator();
        FirmataConnection link = await emulator.Transport.OpenAsync(CancellationToken.None);
        using Stream stream = link.Stream;

        await stream.WriteAsync(new byte[] { 0xF0, 0x6B, 0xF7 });
        byte[] reply = await ReadUntilAsync(stream, 0xF7);

        byte[][] pins = Split(reply[2..^1]);
        Assert.Equal(new byte[] { 0x00, 1, 0x0B, 1, 0x01, 1, 0x03, 8 }, pins[2]);
        Assert.Empty(pins[6]);
    }

    [Fact]
    public async Task Report_digital_sends_the_port_at_once_and_then_each_change_of_its_inputs_only()
    {
        await using var emulator = new FirmataDeviceEmulator();
        FirmataConnection link = await emulator.Transport.OpenAsync(CancellationToken.None);
        using Stream stream = link.Stream;

        // Pin 4 an input with the pull-up, pin 5 an output driven high, then reporting on for port 0.
        await stream.WriteAsync(new byte[] { 0xF4, 0x04, 0x0B, 0xF4, 0x05, 0x01, 0xF5, 0x05, 0x01, 0xD0, 0x01 });
        Assert.Equal(new byte[] { 0x90, 0x10, 0x00 }, await ReadAsync(stream, 3));

        emulator.Chip.PressButton(4);
        Assert.Equal(new byte[] { 0x90, 0x00, 0x00 }, await ReadAsync(stream, 3));
        emulator.Chip.ReleaseButton(4);
        Assert.Equal(new byte[] { 0x90, 0x10, 0x00 }, await ReadAsync(stream, 3));
    }

    [Fact]
    public async Task An_analog_write_reaches_a_pwm_pin_only()
    {
        await using var emulator = new FirmataDeviceEmulator();
        FirmataConnection link = await emulator.Transport.OpenAsync(CancellationToken.None);
        using Stream stream = link.Stream;

        await stream.WriteAsync(new byte[] { 0xE3, 0x10, 0x00, 0xF4, 0x02, 0x03, 0xE2, 0x7F, 0x01, 0xF0, 0x6F, 0x02, 0x05, 0x00, 0xF7 });

        Assert.True(await TestTimeout.Until(() => emulator.Chip.PwmWrites.Count == 3));
        Assert.Equal([(2, 0), (2, 255), (2, 5)], emulator.Chip.PwmWrites);
    }

    [Fact]
    public async Task A_pin_the_firmware_does_not_report_is_refused_by_name_when_the_app_starts()
    {
        await using Esp32Rig rig = Esp32Rig.Create();
        using var port = rig.Board.CreateDigitalOutputPort(rig.Board.Pins.D21);

        var error = await Assert.ThrowsAsync<NotSupportedException>(rig.ConnectAsync);

        Assert.Contains("GPIO21", error.Message, StringComparison.Ordinal);
    }

    // The capability reply's groups, one per pin, each ended by 0x7F.
    private static byte[][] Split(byte[] groups)
    {
        var pins = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < groups.Length; i++)
        {
            if (groups[i] == 0x7F)
            {
                pins.Add(groups[start..i]);
                start = i + 1;
            }
        }

        return [.. pins];
    }

    private static string Decode(ReadOnlySpan<byte> pairs)
    {
        var text = new char[pairs.Length / 2];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = (char)(pairs[2 * i] | (pairs[(2 * i) + 1] << 7));
        }

        return new string(text);
    }

    private static async Task<byte[]> ReadAsync(Stream stream, int count)
    {
        byte[] buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, TestTimeout.Token());
        return buffer;
    }

    private static async Task<byte[]> ReadUntilAsync(Stream stream, byte last)
    {
        var received = new List<byte>();
        byte[] one = new byte[1];
        do
        {
            await stream.ReadExactlyAsync(one, TestTimeout.Token());
            received.Add(one[0]);
        }
        while (one[0] != last);

        return [.. received];
    }
}
