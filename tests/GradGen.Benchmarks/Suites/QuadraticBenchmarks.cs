using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Alternatives;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// x² + 3y² in a hot loop: each benchmark call evaluates the gradient at <see cref="Calls"/> points
/// and sums the partial derivatives (so nothing is optimized away).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Quadratic")]
public class QuadraticBenchmarks
{
    public const int Calls = 1000;

    private double[] _x = [];
    private double[] _y = [];
    private double _gx, _gy;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _x = new double[Calls];
        _y = new double[Calls];
        for (int i = 0; i < Calls; i++)
        {
            _x[i] = random.NextDouble() * 4 - 2;
            _y[i] = random.NextDouble() * 4 - 2;
        }
        Verify();
    }

    [Benchmark]
    public double Primal()
    {
        double[] xs = _x, ys = _y;
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += Kernels.Quadratic(xs[i], ys[i]);
        }
        return sum;
    }

    [Benchmark(Baseline = true)]
    public double HandWritten()
    {
        double[] xs = _x, ys = _y;
        double sum = 0, gx = 0, gy = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += HandWrittenGradients.Quadratic(xs[i], ys[i], out double dx, out double dy);
            gx += dx;
            gy += dy;
        }
        _gx = gx;
        _gy = gy;
        return sum;
    }

    [Benchmark]
    public double FGradient()
    {
        double[] xs = _x, ys = _y;
        double gx = 0, gy = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            (double dx, double dy) = Kernels.QuadraticGradient(xs[i], ys[i]);
            gx += dx;
            gy += dy;
        }
        _gx = gx;
        _gy = gy;
        return gx + gy;
    }

    [Benchmark]
    public double FPullback()
    {
        double[] xs = _x, ys = _y;
        double sum = 0, gx = 0, gy = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += Kernels.QuadraticPullback(xs[i], ys[i], 1.0, ref gx, ref gy);
        }
        _gx = gx;
        _gy = gy;
        return sum;
    }

    /// <summary>Forward mode: two passes per point, one per input.</summary>
    [Benchmark]
    public double DualNumbers()
    {
        double[] xs = _x, ys = _y;
        double gx = 0, gy = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            gx += OverloadedKernels.Quadratic(Dual.Seed(xs[i]), Dual.Constant(ys[i])).D;
            gy += OverloadedKernels.Quadratic(Dual.Constant(xs[i]), Dual.Seed(ys[i])).D;
        }
        _gx = gx;
        _gy = gy;
        return gx + gy;
    }

    /// <summary>A runtime tape: a new tape per gradient, as an autograd library records a new graph per call.</summary>
    [Benchmark]
    public double RuntimeTape()
    {
        double[] xs = _x, ys = _y;
        double gx = 0, gy = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            Tape tape = Tape.Begin(8);
            Var x = tape.Variable(xs[i]);
            Var y = tape.Variable(ys[i]);
            double[] adjoints = tape.Backward(OverloadedKernels.Quadratic(x, y));
            gx += adjoints[x.Index];
            gy += adjoints[y.Index];
        }
        _gx = gx;
        _gy = gy;
        return gx + gy;
    }

    /// <summary>Central differences: four evaluations per point.</summary>
    [Benchmark]
    public double FiniteDifferences()
    {
        double[] xs = _x, ys = _y;
        double gx = 0, gy = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i], y = ys[i];
            double hx = FiniteDifference.Step(x), hy = FiniteDifference.Step(y);
            double xp = x + hx, xm = x - hx, yp = y + hy, ym = y - hy;
            gx += (Kernels.Quadratic(xp, y) - Kernels.Quadratic(xm, y)) / (xp - xm);
            gy += (Kernels.Quadratic(x, yp) - Kernels.Quadratic(x, ym)) / (yp - ym);
        }
        _gx = gx;
        _gy = gy;
        return gx + gy;
    }

    public string Verify()
    {
        var check = new GradientCheck("Quadratic (hot loop of 1,000 calls)");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = [_gx, _gy];

        FGradient();
        check.Gradient("FGradient", [_gx, _gy], reference);
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", [_gx, _gy], reference);
        check.ZeroAllocation("FPullback", () => FPullback());
        DualNumbers();
        check.Gradient("DualNumbers", [_gx, _gy], reference);
        RuntimeTape();
        check.Gradient("RuntimeTape", [_gx, _gy], reference);
        FiniteDifferences();
        check.Gradient("FiniteDifferences", [_gx, _gy], reference, finiteDifferences: true);
        return check.Report();
    }
}
