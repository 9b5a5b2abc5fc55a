using System.Text.Unicode;
using EspWs.App.Server.Protocol;
using static EspWs.Fuzz.Harness.InvariantViolationException;

namespace EspWs.Fuzz.Harness;

/// <summary>
/// Fuzzes Utf8Validator alone: the data is fed in the fuzzer's chunks and one byte at a time, and both runs must
/// agree with the BCL's UTF-8 decoder after every chunk, at the first invalid byte and at the end.
/// </summary>
internal static class Utf8Target
{
    // Long enough for every interesting sequence and split; short enough that the quadratic oracle stays cheap.
    private const int MaxDataBytes = 4096;

    /// <summary>Runs one input; throws <see cref="InvariantViolationException"/> when the validator disagrees with the oracle.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        SplitSchedule schedule = SplitSchedule.Read(input, out ReadOnlySpan<byte> data);
        if (data.Length > MaxDataBytes)
        {
            data = data[..MaxDataBytes];
        }

        bool chunkedFailed = FeedInChunks(data, ref schedule, out Utf8Validator chunked);

        int firstFailure = -1;
        var byteWise = default(Utf8Validator);
        for (int i = 0; i < data.Length; i++)
        {
            if (!byteWise.Append(data.Slice(i, 1)))
            {
                firstFailure = i;
                break;
            }
        }

        Check(firstFailure == Utf8Reference.FirstInvalidByte(data), "fails at the first byte no valid UTF-8 can continue with");
        Check(chunkedFailed == (firstFailure >= 0), "chunked and byte-wise validation agree");

        bool valid = Utf8.IsValid(data);
        Check(Utf8Validator.IsValid(data) == valid, "Utf8Validator.IsValid agrees with Utf8.IsValid");
        Check(byteWise.IsComplete == valid, "byte-wise IsComplete agrees with Utf8.IsValid at the end");
        Check(chunked.IsComplete == valid, "chunked IsComplete agrees with Utf8.IsValid at the end");

        if (chunkedFailed)
        {
            // Once failed, a validator stays failed until Reset, whatever follows.
            Check(!chunked.Append("a"u8) && chunked.HasFailed && !chunked.IsComplete, "a failed validator stays failed");
            chunked.Reset();
            Check(chunked.IsComplete && !chunked.HasFailed, "Reset gives a fresh validator");
        }
    }

    private static bool FeedInChunks(ReadOnlySpan<byte> data, ref SplitSchedule schedule, out Utf8Validator validator)
    {
        validator = default;
        int fed = 0;
        while (true)
        {
            int length = schedule.Next(data.Length - fed, minimum: 0);
            bool appended = validator.Append(data.Slice(fed, length));
            fed += length;

            Utf8PrefixStatus expected = Utf8Reference.PrefixStatus(data[..fed]);
            Check(appended == (expected != Utf8PrefixStatus.Invalid), "Append returns false exactly when the bytes so far cannot be valid");
            Check(validator.HasFailed == (expected == Utf8PrefixStatus.Invalid), "HasFailed agrees with the oracle after every chunk");
            Check(validator.IsComplete == (expected == Utf8PrefixStatus.Complete), "IsComplete agrees with the oracle after every chunk");
            if (!appended)
            {
                return true;
            }

            if (fed == data.Length)
            {
                return false;
            }
        }
    }
}
