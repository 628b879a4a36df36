using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Alternatives;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>The Rosenbrock function of <see cref="N"/> variables; gradient with respect to all of them.</summary>
/// <remarks>
/// Forward mode and finite differences need one (two) full evaluations per variable: O(n²) work,
/// 10⁴ passes over 10⁴ variables. That is what they cost for a gradient, so they are measured in full.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Rosenbrock")]
public class RosenbrockBenchmarks
{
    public const int N = 10_000;

    private double[] _x = [];
    private double[] _g = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(4);
        _x = new double[N];
        for (int i = 0; i < N; i++)
        {
            _x[i] = random.NextDouble() * 3 - 1.5;
        }
        _g = new double[N];
        Verify();
    }

    [Benchmark]
    public double Primal() => Kernels.Rosenbrock(_x);

    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenGradients.Rosenbrock(_x, _g);

    [Benchmark]
    public double[] FGradient() => Kernels.RosenbrockGradient(_x);

    [Benchmark]
    public double FPullback()
    {
        Span<double> g = _g;
        g.Clear();
        return Kernels.RosenbrockPullback(_x, 1.0, g);
    }

    /// <summary>Forward mode: one pass per variable.</summary>
    [Benchmark]
    public double DualNumbers()
    {
        double[] x = _x;
        var dual = new Dual[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            dual[i] = Dual.Constant(x[i]);
        }
        for (int i = 0; i < x.Length; i++)
        {
            dual[i] = Dual.Seed(x[i]);
            _g[i] = OverloadedKernels.Rosenbrock<Dual>(dual).D;
            dual[i] = Dual.Constant(x[i]);
        }
        return _g[0];
    }

    [Benchmark]
    public double RuntimeTape()
    {
        Tape tape = Tape.Begin();
        Var[] x = tape.Variables(_x);
        Var f = OverloadedKernels.Rosenbrock<Var>(x);
        double[] adjoints = tape.Backward(f);
        for (int i = 0; i < x.Length; i++)
        {
            _g[i] = adjoints[x[i].Index];
        }
        return f.V;
    }

    /// <summary>Central differences: two evaluations per variable, on a copy of x.</summary>
    [Benchmark]
    public double FiniteDifferences()
    {
        double[] x = (double[])_x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i], h = FiniteDifference.Step(xi);
            double plus = xi + h, minus = xi - h;
            x[i] = plus;
            double fPlus = Kernels.Rosenbrock(x);
            x[i] = minus;
            double fMinus = Kernels.Rosenbrock(x);
            x[i] = xi;
            _g[i] = (fPlus - fMinus) / (plus - minus);
        }
        return _g[0];
    }

    public string Verify()
    {
        var check = new GradientCheck($"Rosenbrock (n = {N:N0})");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = [.. _g];

        check.Gradient("FGradient", FGradient(), reference);
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", _g, reference);
        check.ZeroAllocation("FPullback", () => FPullback());
        DualNumbers();
        check.Gradient("DualNumbers", _g, reference);
        check.Value("RuntimeTape", RuntimeTape(), primal, bitwise: false);
        check.Gradient("RuntimeTape", _g, reference);
        FiniteDifferences();
        check.Gradient("FiniteDifferences", _g, reference, finiteDifferences: true);
        return check.Report();
    }
}
