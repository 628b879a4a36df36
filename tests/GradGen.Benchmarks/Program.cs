using BenchmarkDotNet.Running;
using GradGen.Benchmarks.CompileTime;
using GradGen.Benchmarks.Infrastructure;
using GradGen.Benchmarks.Suites;

namespace GradGen.Benchmarks;

/// <summary>
/// Entry point. Modes (run from the repository root):
/// <list type="bullet">
/// <item><c>dotnet run -c Release --project tests/GradGen.Benchmarks -- --filter '*'</c>: every kernel benchmark
/// (BenchmarkDotNet; any of its options work, e.g. <c>--filter '*Mlp*'</c>, <c>--list flat</c>).</item>
/// <item><c>dotnet run -c Release --project tests/GradGen.Benchmarks -- compile-time</c>: the generator on a
/// synthetic project of 1,000 [Differentiable] methods, full and incremental; with <c>--startup</c>, what the first run in a
/// process costs on a project of one method.</item>
/// <item><c>dotnet run -c Release --project tests/GradGen.Benchmarks -- --verify</c>: checks that every variant of
/// every kernel computes the hand-written gradient, without timing anything.</item>
/// <item><c>dotnet run -c Release --project tests/GradGen.Benchmarks -- paired</c>: GradGen against hand-written and
/// primal in interleaved rounds (median of per-round ratios), a cross-check that holds up on a loaded machine.</item>
/// </list>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 1 && args[0] is "compile-time" or "--compile-time" && args[1] is "--startup")
        {
            return StartUpBenchmark.Run();
        }

        if (args.Length > 0 && args[0] is "compile-time" or "--compile-time")
        {
            return CompileTimeBenchmark.Run(args.Skip(1).ToArray());
        }

        if (args.Length > 0 && args[0] is "--verify" or "verify")
        {
            return VerifyAll();
        }

        if (args.Length > 0 && args[0] is "paired" or "--paired")
        {
            return PairedComparison.Run(args.Skip(1).ToArray());
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchmarkConfig.Create());
        return 0;
    }

    /// <summary>Every kernel's check, as each benchmark's GlobalSetup runs it.</summary>
    public static int VerifyAll()
    {
        new QuadraticBenchmarks().Setup();
        foreach (int n in new[] { 1_000, 1_000_000 })
        {
            new MseBenchmarks { N = n }.Setup();
        }
        new LogisticBenchmarks().Setup();
        new RosenbrockBenchmarks().Setup();
        new DirectionalDerivativeBenchmarks().Setup();
        new MlpBenchmarks().Setup();
        new SoftmaxBenchmarks().Setup();
        new SoftmaxRegressionBenchmarks().Setup();
        new BundleAdjustmentBenchmarks().Setup();
        new HessianVectorProductBenchmarks().Setup();
        foreach (GmmBenchmarks.Size size in GmmBenchmarks.Sizes())
        {
            new GmmBenchmarks { Problem = size }.Setup();
        }
        foreach (int layers in new[] { 2, 4 })
        {
            foreach (int characters in new[] { 1024, 4096 })
            {
                new LstmBenchmarks { Layers = layers, Characters = characters }.Setup();
            }
        }
        Console.WriteLine("All gradients verified.");
        return 0;
    }
}
