using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EspWs.Bench.Micro;

/// <summary>A summary column giving the bytes processed per second, for benchmarks with a <c>Size</c> parameter in bytes.</summary>
/// <remarks>Throughput is what "within 2× of a plain copy" is about; BenchmarkDotNet shows only time per call.</remarks>
public sealed class BytesPerSecondColumn : IColumn
{
    private const string SizeParameter = "Size";

    /// <inheritdoc/>
    public string Id => nameof(BytesPerSecondColumn);

    /// <inheritdoc/>
    public string ColumnName => "Throughput";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 0;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "Bytes of the Size parameter processed per second (GB = 10^9 bytes)";

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => c.Parameters.Items.Any(p => p.Name == SizeParameter));

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        object? size = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == SizeParameter)?.Value;
        double? meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (size is not int bytes || meanNanoseconds is not > 0)
        {
            return "-";
        }

        double gigabytesPerSecond = bytes / meanNanoseconds.Value;
        return $"{gigabytesPerSecond:F2} GB/s";
    }
}
