namespace EspWs.Bench.Load;

/// <summary>Small statistics over samples.</summary>
internal static class Stats
{
    /// <summary>The median; NaN when there are no samples.</summary>
    public static double Median(IReadOnlyCollection<double> samples) => Percentile(samples, 0.5);

    /// <summary>The nearest-rank percentile <paramref name="q"/> (0.99 for p99) of the samples that are numbers; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double q)
    {
        // A sample that could not be taken is NaN; the others still count.
        double[] sorted = samples.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int rank = Math.Clamp((int)Math.Ceiling(q * sorted.Length), 1, sorted.Length);
        return sorted[rank - 1];
    }
}
