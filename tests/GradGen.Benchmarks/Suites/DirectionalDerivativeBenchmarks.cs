using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Alternatives;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// One directional derivative ∇f·v of the Rosenbrock function of <see cref="RosenbrockBenchmarks.N"/> variables: GradGen's
/// FPushforward (one forward pass, no tape) against the derivative along v written by hand in the same pass, against one
/// reverse pass (FPullback, then the gradient's dot product with v) and against dual numbers seeded with v.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Directional")]
public class DirectionalDerivativeBenchmarks
{
    private double[] _x = [];
    private double[] _v = [];
    private double[] _g = [];
    private Dual[] _dual = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        int n = RosenbrockBenchmarks.N;
        _x = new double[n];
        _v = new double[n];
        for (int i = 0; i < n; i++)
        {
            _x[i] = random.NextDouble() * 3 - 1.5;
            _v[i] = random.NextDouble() * 2 - 1;
        }
        _g = new double[n];
        _dual = new Dual[n];
        Verify();
    }

    [Benchmark]
    public double Primal() => Kernels.Rosenbrock(_x);

    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenGradients.RosenbrockDirectional(_x, _v).Tangent;

    [Benchmark]
    public double FPushforward() => Kernels.RosenbrockPushforward(_x, _v).Tangent;

    /// <summary>Reverse mode: the whole gradient in one reverse pass, then its dot product with v.</summary>
    [Benchmark]
    public double FPullback()
    {
        Span<double> g = _g;
        g.Clear();
        Kernels.RosenbrockPullback(_x, 1.0, g);
        double dot = 0;
        for (int i = 0; i < g.Length; i++)
        {
            dot += g[i] * _v[i];
        }
        return dot;
    }

    /// <summary>Operator-overloading forward mode: one pass over dual numbers seeded with v.</summary>
    [Benchmark]
    public double DualNumbers()
    {
        for (int i = 0; i < _x.Length; i++)
        {
            _dual[i] = new Dual(_x[i], _v[i]);
        }
        return OverloadedKernels.Rosenbrock<Dual>(_dual).D;
    }

    public string Verify()
    {
        var check = new GradientCheck($"Rosenbrock directional derivative (n = {RosenbrockBenchmarks.N:N0})");
        double primal = Primal();
        var (handValue, handTangent) = HandWrittenGradients.RosenbrockDirectional(_x, _v);
        check.Value("HandWritten", handValue, primal, bitwise: false);
        var (value, tangent) = Kernels.RosenbrockPushforward(_x, _v);
        check.Value("FPushforward", value, primal, bitwise: true);
        check.Gradient("FPushforward", tangent, handTangent);
        check.Gradient("FPullback", FPullback(), handTangent);
        check.Gradient("DualNumbers", DualNumbers(), handTangent);
        check.ZeroAllocation("FPushforward", () => FPushforward());
        return check.Report();
    }
}
