using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Alternatives;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>The contract's mean squared error of a line, over <see cref="N"/> points; gradient with respect to (w, b).</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[BenchmarkCategory("Mse")]
public class MseBenchmarks
{
    [Params(1_000, 1_000_000)]
    public int N { get; set; } = 1_000;

    private double[] _xs = [];
    private double[] _ys = [];
    private double _w, _b;
    private double _gw, _gb;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2);
        _xs = new double[N];
        _ys = new double[N];
        for (int i = 0; i < N; i++)
        {
            _xs[i] = random.NextDouble() * 2 - 1;
            _ys[i] = 2 * _xs[i] + 0.5 + 0.1 * (random.NextDouble() - 0.5);
        }
        _w = 1.3;
        _b = -0.2;
        Verify();
    }

    [Benchmark]
    public double Primal() => Kernels.Mse(_w, _b, _xs, _ys);

    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenGradients.Mse(_w, _b, _xs, _ys, out _gw, out _gb);

    [Benchmark]
    public double FGradient()
    {
        (_gw, _gb) = Kernels.MseGradient(_w, _b, _xs, _ys);
        return _gw;
    }

    [Benchmark]
    public double FPullback()
    {
        double gw = 0, gb = 0;
        double value = Kernels.MsePullback(_w, _b, _xs, _ys, 1.0, ref gw, ref gb);
        _gw = gw;
        _gb = gb;
        return value;
    }

    /// <summary>
    /// The same pullback, called where the JIT does not inline it (through a function pointer held in
    /// a mutable static, which the JIT cannot see through): how a pullback with a loop behaves when
    /// it is called from a larger method, where the inliner may well decline it.
    /// </summary>
    [Benchmark]
    public unsafe double FPullbackNotInlined()
    {
        double gw = 0, gb = 0;
        double value = s_pullback(_w, _b, _xs, _ys, 1.0, ref gw, ref gb);
        _gw = gw;
        _gb = gb;
        return value;
    }

    private static unsafe delegate*<double, double, ReadOnlySpan<double>, ReadOnlySpan<double>, double, ref double, ref double, double> s_pullback = &Kernels.MsePullback;

    /// <summary>Forward mode: two passes, one per parameter.</summary>
    [Benchmark]
    public double DualNumbers()
    {
        _gw = OverloadedKernels.Mse(Dual.Seed(_w), Dual.Constant(_b), _xs, _ys).D;
        _gb = OverloadedKernels.Mse(Dual.Constant(_w), Dual.Seed(_b), _xs, _ys).D;
        return _gw;
    }

    [Benchmark]
    public double RuntimeTape()
    {
        Tape tape = Tape.Begin();
        Var w = tape.Variable(_w);
        Var b = tape.Variable(_b);
        Var loss = OverloadedKernels.Mse(w, b, _xs, _ys);
        double[] adjoints = tape.Backward(loss);
        _gw = adjoints[w.Index];
        _gb = adjoints[b.Index];
        return loss.V;
    }

    /// <summary>Central differences: four evaluations of the loss.</summary>
    [Benchmark]
    public double FiniteDifferences()
    {
        double w = _w, b = _b;
        double hw = FiniteDifference.Step(w), hb = FiniteDifference.Step(b);
        double wp = w + hw, wm = w - hw, bp = b + hb, bm = b - hb;
        _gw = (Kernels.Mse(wp, b, _xs, _ys) - Kernels.Mse(wm, b, _xs, _ys)) / (wp - wm);
        _gb = (Kernels.Mse(w, bp, _xs, _ys) - Kernels.Mse(w, bm, _xs, _ys)) / (bp - bm);
        return _gw;
    }

    public string Verify()
    {
        var check = new GradientCheck($"Mse (n = {N:N0})");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = [_gw, _gb];

        FGradient();
        check.Gradient("FGradient", [_gw, _gb], reference);
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", [_gw, _gb], reference);
        check.ZeroAllocation("FPullback", () => FPullback());
        check.Value("FPullbackNotInlined", FPullbackNotInlined(), primal, bitwise: true);
        check.Gradient("FPullbackNotInlined", [_gw, _gb], reference);
        DualNumbers();
        check.Gradient("DualNumbers", [_gw, _gb], reference);
        check.Value("RuntimeTape", RuntimeTape(), primal, bitwise: false);
        check.Gradient("RuntimeTape", [_gw, _gb], reference);
        FiniteDifferences();
        check.Gradient("FiniteDifferences", [_gw, _gb], reference, finiteDifferences: true);
        return check.Report();
    }
}
