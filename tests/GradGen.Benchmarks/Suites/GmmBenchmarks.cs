using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// ADBench's GMM objective with its Wishart prior (<see cref="Gmm"/>) at ADBench's sizes: d ∈ {2, 10, 64}, K ∈ {5, 50,
/// 200}, n = 1,000, and a few at n = 10,000. The gradient is with respect to alphas, means and icf (K(1 + d + d(d+1)/2)
/// numbers). <c>Med/Primal</c> of a gradient variant is ADBench's "gradient time / objective time".
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Gmm")]
public class GmmBenchmarks
{
    /// <summary>An ADBench GMM size.</summary>
    public sealed record Size(int D, int K, int N)
    {
        public override string ToString() => $"d={D} K={K} n={N}";
    }

    /// <summary>
    /// ADBench's d × K at n = 1,000 but d = 64, K = 200, smallest work first, and three at n = 10,000; or the sizes the
    /// environment variable <c>GRADGEN_GMM_SIZES</c> lists (<c>"d,K,n;d,K,n"</c>). Left out by default: d = 64, K = 200
    /// (n = 1,000 and 10,000), for their run time (seconds per gradient call); they run, in about 1.3 MB, the tape holding
    /// one point's values (see the benchmark README).
    /// </summary>
    public static IEnumerable<Size> Sizes()
    {
        string? listed = Environment.GetEnvironmentVariable("GRADGEN_GMM_SIZES");
        if (!string.IsNullOrWhiteSpace(listed))
        {
            foreach (string size in listed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int[] v = size.Split(',').Select(int.Parse).ToArray();
                yield return new Size(v[0], v[1], v[2]);
            }
            yield break;
        }

        foreach (int d in new[] { 2, 10, 64 })
        {
            foreach (int k in new[] { 5, 50, 200 })
            {
                if (d == 64 && k == 200) continue;
                yield return new Size(d, k, 1000);
            }
        }
        yield return new Size(2, 5, 10_000);
        yield return new Size(10, 50, 10_000);
        yield return new Size(64, 5, 10_000);
    }

    [ParamsSource(nameof(Sizes))]
    public Size Problem { get; set; } = new(2, 5, 1000);

    private AdBenchData.GmmInstance _data = AdBenchData.Gmm(2, 5, 1000);
    private double[] _gAlphas = [];
    private double[] _gMeans = [];
    private double[] _gIcf = [];
    private double[] _scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = AdBenchData.Gmm(Problem.D, Problem.K, Problem.N);
        _gAlphas = new double[_data.Alphas.Length];
        _gMeans = new double[_data.Means.Length];
        _gIcf = new double[_data.Icf.Length];
        _scratch = new double[HandWrittenAdBench.GmmScratchLength(Problem.D, Problem.K)];
        Verify();
    }

    [Benchmark]
    public double Primal() => Gmm.Objective(_data.Alphas, _data.Means, _data.Icf, _data.X, _data.Gamma, _data.M);

    [Benchmark(Baseline = true)]
    public double HandWritten() =>
        HandWrittenAdBench.Gmm(_data.Alphas, _data.Means, _data.Icf, _data.X, _data.Gamma, _data.M, _gAlphas, _gMeans, _gIcf, _scratch);

    /// <summary>GradGen's FGradient: three new arrays (its contract).</summary>
    [Benchmark]
    public double[] FGradient()
    {
        (double[] alphas, double[] means, double[] icf) = Gmm.ObjectiveGradient(_data.Alphas, _data.Means, _data.Icf, _data.X, _data.Gamma, _data.M);
        _gAlphas = alphas;
        _gMeans = means;
        _gIcf = icf;
        return icf;
    }

    /// <summary>GradGen's FPullback, seed 1, into the reused adjoint buffers (zeroed first).</summary>
    [Benchmark]
    public double FPullback()
    {
        Span<double> alphas = _gAlphas, means = _gMeans, icf = _gIcf;
        alphas.Clear();
        means.Clear();
        icf.Clear();
        return Gmm.ObjectivePullback(_data.Alphas, _data.Means, _data.Icf, _data.X, _data.Gamma, _data.M, 1.0, alphas, means, icf);
    }

    private double[] Gradient() => [.. _gAlphas, .. _gMeans, .. _gIcf];

    public string Verify()
    {
        var check = new GradientCheck($"ADBench GMM ({Problem})");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = Gradient();
        FGradient();
        check.Gradient("FGradient", Gradient(), reference);
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", Gradient(), reference);
        // Allocation is what MemoryDiagnoser measures; asserting 0 B here would call the pullback 19 times.
        return check.Report();
    }
}
