using System.Diagnostics;

namespace EspWs.Bench.Load;

/// <summary>
/// A thread-safe latency histogram with fixed buckets: 1 µs wide below 2 ms, 100 µs below 200 ms, 10 ms below 20 s,
/// so percentiles are exact to within 5 % without storing every sample.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int FineLimitMicros = 2_000;
    private const int MediumStepMicros = 100;
    private const int MediumLimitMicros = 200_000;
    private const int CoarseStepMicros = 10_000;
    private const int CoarseLimitMicros = 20_000_000;
    private const int MediumBuckets = (MediumLimitMicros - FineLimitMicros) / MediumStepMicros;
    private const int CoarseBuckets = (CoarseLimitMicros - MediumLimitMicros) / CoarseStepMicros;

    private readonly long[] _counts = new long[FineLimitMicros + MediumBuckets + CoarseBuckets + 1];
    private long _total;

    /// <summary>How many samples were recorded.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void RecordSince(long startTimestamp) =>
        RecordMicros((long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);

    /// <summary>Records one sample, in microseconds.</summary>
    public void RecordMicros(long micros)
    {
        Interlocked.Increment(ref _counts[Bucket(micros)]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>Adds every sample of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        _total += other._total;
    }

    /// <summary>The sample at quantile <paramref name="q"/> (0.5 for the median), in microseconds; NaN when empty.</summary>
    public double PercentileMicros(double q)
    {
        long total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return UpperBound(i);
            }
        }

        return CoarseLimitMicros;
    }

    private static int Bucket(long micros) => micros switch
    {
        < 0 => 0,
        < FineLimitMicros => (int)micros,
        < MediumLimitMicros => FineLimitMicros + (int)((micros - FineLimitMicros) / MediumStepMicros),
        < CoarseLimitMicros => FineLimitMicros + MediumBuckets + (int)((micros - MediumLimitMicros) / CoarseStepMicros),
        _ => FineLimitMicros + MediumBuckets + CoarseBuckets,
    };

    private static double UpperBound(int bucket) => bucket switch
    {
        < FineLimitMicros => bucket + 1,
        < FineLimitMicros + MediumBuckets => FineLimitMicros + ((bucket - FineLimitMicros + 1) * (double)MediumStepMicros),
        _ => MediumLimitMicros + ((bucket - FineLimitMicros - MediumBuckets + 1) * (double)CoarseStepMicros),
    };
}
