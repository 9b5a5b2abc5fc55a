using EspWs.App.Tests.Boards.Firmata;
using EspWs.Hardware.Boards.Esp32;

namespace EspWs.App.Tests.Boards;

public class FirmataInputFilterTests
{
    private static readonly byte[] PinStateReply = [0xF0, 0x6E, 0x02, 0x01, 0x01, 0xF7];

    [Fact]
    public void The_rom_boot_log_passes_between_messages_and_is_no_restart()
    {
        var filter = Armed();
        byte[] input = [.. FirmataBoot.RomLog, .. PinStateReply];

        (FirmataInputFilter.Outcome outcome, byte[] output, _) = Run(filter, input);

        Assert.Equal(FirmataInputFilter.Outcome.None, outcome);
        Assert.Equal(input, output);
    }

    [Fact]
    public void An_unasked_version_report_after_the_handshake_is_a_restart_and_the_rest_is_left_unread()
    {
        var filter = Armed();
        byte[] input = [.. PinStateReply, .. FirmataBoot.RomLog, .. FirmataBoot.Announcement];

        (FirmataInputFilter.Outcome outcome, byte[] output, int consumed) = Run(filter, input);

        Assert.Equal(FirmataInputFilter.Outcome.Restarted, outcome);
        Assert.Equal([.. PinStateReply, .. FirmataBoot.RomLog], output);
        Assert.Equal(input.Length - FirmataBoot.FirmwareReport.Length - FirmataBoot.BootingString.Length, consumed);
    }

    [Fact]
    public void A_firmware_report_after_the_handshake_is_a_restart_even_without_the_version_report()
    {
        var filter = Armed();

        (FirmataInputFilter.Outcome outcome, byte[] output, int consumed) = Run(filter, [.. FirmataBoot.FirmwareReport, .. FirmataBoot.BootingString]);

        Assert.Equal(FirmataInputFilter.Outcome.Restarted, outcome);
        Assert.Empty(output);
        Assert.Equal(FirmataBoot.FirmwareReport.Length, consumed);
    }

    [Fact]
    public void A_reset_that_cuts_a_reply_short_is_still_seen()
    {
        var filter = Armed();
        byte[] cutShort = [0xF0, 0x6E, 0x02];

        (FirmataInputFilter.Outcome outcome, byte[] output, _) = Run(filter, [.. cutShort, .. FirmataBoot.RomLog, .. FirmataBoot.VersionReport]);

        Assert.Equal(FirmataInputFilter.Outcome.Restarted, outcome);
        Assert.Equal([.. cutShort, .. FirmataBoot.RomLog], output);
    }

    [Fact]
    public void Before_the_handshake_an_unasked_announcement_is_dropped_and_the_string_passes()
    {
        var filter = new FirmataInputFilter();

        (FirmataInputFilter.Outcome outcome, byte[] output, _) = Run(filter, [.. FirmataBoot.RomLog, .. FirmataBoot.Announcement]);

        Assert.Equal(FirmataInputFilter.Outcome.None, outcome);
        Assert.Equal([.. FirmataBoot.RomLog, .. FirmataBoot.BootingString], output);
    }

    [Fact]
    public void Answers_to_the_clients_queries_pass_even_when_split_across_reads()
    {
        var filter = new FirmataInputFilter();
        Write(filter, [0xF9, 0xF0, 0x79, 0xF7]);
        byte[] answers = [.. FirmataBoot.VersionReport, .. FirmataBoot.FirmwareReport];
        var output = new List<byte>();

        foreach (byte b in answers)
        {
            (FirmataInputFilter.Outcome outcome, byte[] part, _) = Run(filter, [b]);
            Assert.Equal(FirmataInputFilter.Outcome.None, outcome);
            output.AddRange(part);
        }

        Assert.Equal(answers, output);
    }

    [Fact]
    public void The_answer_to_a_health_probe_never_reaches_the_client()
    {
        var filter = Armed();
        filter.CountProbe();

        (FirmataInputFilter.Outcome outcome, byte[] output, _) = Run(filter, [.. PinStateReply, .. FirmataBoot.VersionReport, .. PinStateReply]);

        Assert.Equal(FirmataInputFilter.Outcome.ProbeAnswered, outcome);
        Assert.Equal([.. PinStateReply, .. PinStateReply], output);
    }

    [Fact]
    public void A_second_version_report_after_a_probe_answer_is_a_restart()
    {
        var filter = Armed();
        filter.CountProbe();

        (FirmataInputFilter.Outcome outcome, _, _) = Run(filter, [.. FirmataBoot.VersionReport, .. FirmataBoot.VersionReport]);

        Assert.Equal(FirmataInputFilter.Outcome.Restarted, outcome);
    }

    [Fact]
    public void System_reset_is_never_sent_but_0xff_inside_a_sysex_is()
    {
        var filter = new FirmataInputFilter();

        Assert.False(filter.Outgoing(0xFF));
        Assert.Equal([0xF0, 0x7B, 0xFF, 0x01, 0xF7], Write(filter, [0xF0, 0x7B, 0xFF, 0x01, 0xF7]));
        Assert.Equal([0xF5, 0x02, 0x01], Write(filter, [0xFF, 0xF5, 0x02, 0x01]));
    }

    [Fact]
    public void A_longer_message_than_a_report_is_passed_on_whole()
    {
        var filter = Armed();
        Write(filter, [0xF0, 0x79, 0xF7]);
        byte[] huge = [0xF0, 0x79, .. Enumerable.Repeat((byte)0x41, FirmataInputFilter.MaxHeldBytes * 2), 0xF7];

        (FirmataInputFilter.Outcome outcome, byte[] output, _) = Run(filter, huge);

        Assert.Equal(FirmataInputFilter.Outcome.None, outcome);
        Assert.Equal(huge, output);
    }

    private static FirmataInputFilter Armed()
    {
        var filter = new FirmataInputFilter();
        filter.Arm();
        return filter;
    }

    private static byte[] Write(FirmataInputFilter filter, byte[] bytes) => [.. bytes.Where(filter.Outgoing)];

    private static (FirmataInputFilter.Outcome Outcome, byte[] Output, int Consumed) Run(FirmataInputFilter filter, byte[] input)
    {
        byte[] output = new byte[input.Length + FirmataInputFilter.MaxHeldBytes];
        FirmataInputFilter.Outcome outcome = filter.Filter(input, output, out int written, out int consumed);
        return (outcome, output[..written], consumed);
    }
}
