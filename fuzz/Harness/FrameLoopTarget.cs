using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>
/// Fuzzes the frame decoder: a stream of client frames runs through the model of the slot's receive loop in the
/// fuzzer's chunks and again in one piece, and both runs must observe exactly the same results.
/// </summary>
internal static class FrameLoopTarget
{
    /// <summary>Runs one input; throws <see cref="InvariantViolationException"/> on any broken promise.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        SplitSchedule schedule = SplitSchedule.Read(input, out ReadOnlySpan<byte> wire);
        List<string> chunked = FrameLoopModel.Run(wire, schedule);
        if (schedule.IsOneShot)
        {
            return;
        }

        List<string> whole = FrameLoopModel.Run(wire, SplitSchedule.Whole);
        Check(chunked.SequenceEqual(whole),
            $"chunked and one-shot runs differ: [{string.Join("; ", chunked)}] vs [{string.Join("; ", whole)}]");
    }
}
