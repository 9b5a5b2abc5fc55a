using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>
/// Fuzzes the frame decoder: a stream of client frames runs through the app's FrameReader and through the
/// checked model of the receive loop, in the fuzzer's reads and in one piece, and all four runs must observe the
/// same results.
/// </summary>
/// <remarks>Bit 3 of the first input byte (beside the split count) starts the reader discarding, as after the server's close.</remarks>
internal static class FrameLoopTarget
{
    private const byte DiscardingFlag = 0x08;

    /// <summary>Runs one input; throws <see cref="InvariantViolationException"/> on any broken promise.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        bool discarding = !input.IsEmpty && (input[0] & DiscardingFlag) != 0;
        SplitSchedule schedule = SplitSchedule.Read(input, out ReadOnlySpan<byte> wire);
        List<string> reader = FrameReaderRun.Run(wire, schedule, discarding);
        List<string> model = FrameLoopModel.Run(wire, schedule, discarding);
        Check(Outcomes(reader).SequenceEqual(Outcomes(model)), $"FrameReader and the model differ: {Show(reader)} vs {Show(model)}");
        if (schedule.IsOneShot)
        {
            return;
        }

        List<string> readerWhole = FrameReaderRun.Run(wire, SplitSchedule.Whole, discarding);
        Check(reader.SequenceEqual(readerWhole), $"FrameReader differs when the bytes arrive whole: {Show(reader)} vs {Show(readerWhole)}");
        List<string> modelWhole = FrameLoopModel.Run(wire, SplitSchedule.Whole, discarding);
        Check(model.SequenceEqual(modelWhole), $"the model differs when the bytes arrive whole: {Show(model)} vs {Show(modelWhole)}");
    }

    /// <summary>Returns the lines the reader and the model observe for <paramref name="input"/>, for triage.</summary>
    public static IEnumerable<string> Trace(ReadOnlySpan<byte> input)
    {
        bool discarding = !input.IsEmpty && (input[0] & DiscardingFlag) != 0;
        SplitSchedule schedule = SplitSchedule.Read(input, out ReadOnlySpan<byte> wire);
        List<string> lines = [.. FrameReaderRun.Run(wire, schedule, discarding).Select(line => "reader: " + line)];
        lines.AddRange(FrameLoopModel.Run(wire, schedule, discarding).Select(line => "model:  " + line));
        return lines;
    }

    // The reader and the model word their failure reasons and the ends of input differently; codes must agree.
    private static IEnumerable<string> Outcomes(List<string> lines)
    {
        foreach (string line in lines)
        {
            yield return line.StartsWith("fail ", StringComparison.Ordinal) ? line[..9]
                : line.StartsWith("end", StringComparison.Ordinal) ? "end"
                : line;
        }
    }

    private static string Show(List<string> lines) => "[" + string.Join("; ", lines) + "]";
}
