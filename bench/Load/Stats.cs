namespace EspWs.Bench.Load;

/// <summary>Small statistics over samples.</summary>
internal static class Stats
{
    /// <summary>The median; NaN when there are no samples.</summary>
    public static double Median(IReadOnlyCollection<double> samples) => Percentile(samples, 0.5);

    /// <summary>The nearest-rank percentile <paramref name="q"/> (0.99 for p99); NaN when there are no samples.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double q)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = samples.Order().ToArray();
        int rank = Math.Clamp((int)Math.Ceiling(q * sorted.Length), 1, sorted.Length);
        return sorted[rank - 1];
    }
}
