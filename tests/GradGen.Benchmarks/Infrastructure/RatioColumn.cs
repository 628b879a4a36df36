using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace GradGen.Benchmarks.Infrastructure;

/// <summary>
/// The ratio of this benchmark's median to the median of another method of the same kernel (same
/// class, same parameters): <c>Med/Hand</c> against the hand-written gradient, <c>Med/Primal</c>
/// against the function alone, <c>Med/Pullback</c> against GradGen's FPullback (for an alternative, the
/// factor by which GradGen beats it). Medians, not means, because the machine is shared.
/// </summary>
public sealed class RatioColumn(string columnName, string referenceMethod, string legend) : IColumn
{
    public static readonly RatioColumn ToHandWritten = new("Med/Hand", "HandWritten",
        "Median time / median time of HandWritten (the hand-written gradient) of the same kernel");

    public static readonly RatioColumn ToPrimal = new("Med/Primal", "Primal",
        "Median time / median time of Primal (the function alone) of the same kernel");

    public static readonly RatioColumn ToPullback = new("Med/Pullback", "FPullback",
        "Median time / median time of GradGen's FPullback of the same kernel (for an alternative: how many times slower than GradGen)");

    public string Id => nameof(RatioColumn) + "." + ColumnName;

    public string ColumnName { get; } = columnName;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; } = legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? ratio = Ratio(summary, benchmarkCase, referenceMethod);
        return ratio is double r ? r.ToString(r < 10 ? "0.00" : r < 1000 ? "0.0" : "N0", System.Globalization.CultureInfo.InvariantCulture) : "?";
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    /// <summary>This case's median over the median of <paramref name="method"/> of the same kernel.</summary>
    public static double? Ratio(Summary summary, BenchmarkCase benchmarkCase, string method)
    {
        BenchmarkCase? reference = summary.BenchmarksCases.FirstOrDefault(c =>
            c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.Name == method
            && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo
            && c.Job == benchmarkCase.Job);
        double? mine = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? theirs = reference is null ? null : summary[reference]?.ResultStatistics?.Median;
        return mine is double a && theirs is double b && b > 0 ? a / b : null;
    }

    public override string ToString() => ColumnName;
}
