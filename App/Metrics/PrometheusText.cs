using System.Buffers;
using System.Buffers.Text;

namespace EspWs.App.Metrics;

/// <summary>Writes metric families in the Prometheus text exposition format, version 0.0.4.</summary>
/// <remarks>
/// The names, labels and help lines are encoded once per family; a scrape only copies them and formats numbers into a
/// pooled buffer, so its allocation is the response itself (docs/operations.md gives the bound).
/// </remarks>
public static class PrometheusText
{
    /// <summary>The Content-Type of the format (Prometheus' "text-based format", version 0.0.4).</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Calls <paramref name="use"/> with the families written out; the bytes are valid only during the call.</summary>
    public static TResult Write<TResult>(IReadOnlyList<MetricFamily> families, Func<ReadOnlyMemory<byte>, TResult> use)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(use);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MaxBytes(families));
        try
        {
            int length = 0;
            foreach (MetricFamily family in families)
            {
                length += Copy(family.PrometheusHead, buffer, length);
                for (int i = 0; i < family.SeriesCount; i++)
                {
                    length += Copy(family.PrometheusSeries[i], buffer, length);
                    Utf8Formatter.TryFormat(family.Read(i), buffer.AsSpan(length), out int written);
                    length += written;
                    buffer[length++] = (byte)'\n';
                }
            }

            return use(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Copy(byte[] text, byte[] buffer, int at)
    {
        text.CopyTo(buffer, at);
        return text.Length;
    }

    // Each value is at most 20 characters (a long) and a newline.
    private static int MaxBytes(IReadOnlyList<MetricFamily> families)
    {
        int total = 0;
        foreach (MetricFamily family in families)
        {
            total += family.PrometheusHead.Length;
            foreach (byte[] series in family.PrometheusSeries)
            {
                total += series.Length + 21;
            }
        }

        return total;
    }
}
