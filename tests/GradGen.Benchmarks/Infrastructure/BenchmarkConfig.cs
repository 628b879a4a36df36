using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;

namespace GradGen.Benchmarks.Infrastructure;

/// <summary>
/// The configuration of every kernel benchmark: one launch, 6 warm-up and 60 measured iterations of
/// about 15 ms each (a benchmark whose single call takes longer, such as forward mode on Rosenbrock,
/// runs one call per iteration). Many short iterations rather than a few long ones, so that on a
/// shared 2-core machine an iteration that was preempted is an outlier the median ignores, instead
/// of every long iteration carrying some of the load. A full run takes about 3 minutes on 2 cores,
/// plus the build. The summary shows the median and ratios of medians next to BenchmarkDotNet's
/// default columns.
/// </summary>
public static class BenchmarkConfig
{
    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(6)
                .WithIterationCount(60)
                .WithIterationTime(TimeInterval.FromMilliseconds(15))
                .WithId("GradGen"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, RatioColumn.ToHandWritten, RatioColumn.ToPrimal, RatioColumn.ToPullback)
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .WithArtifactsPath(Path.Combine(ProjectDirectory(), "BenchmarkDotNet.Artifacts"));

    /// <summary>This project's directory, recorded at build time, so artifacts land next to it.</summary>
    public static string ProjectDirectory() =>
        typeof(BenchmarkConfig).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GradGen.Benchmarks.ProjectDirectory")?.Value
        ?? Directory.GetCurrentDirectory();
}
