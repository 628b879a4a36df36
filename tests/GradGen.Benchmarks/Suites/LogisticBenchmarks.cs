using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Alternatives;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// Mean logistic loss of a linear model: <see cref="Samples"/> samples of <see cref="Features"/>
/// features (a flat row-major [NoDerivative] matrix); gradient with respect to w (a double[]) and b.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Logistic")]
public class LogisticBenchmarks
{
    public const int Samples = 4_000;
    public const int Features = 32;

    private double[] _w = [];
    private double _b;
    private double[] _xs = [];
    private double[] _ys = [];
    private double[] _gw = [];
    private double _gb;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _w = new double[Features];
        var truth = new double[Features];
        for (int j = 0; j < Features; j++)
        {
            _w[j] = 0.2 * (random.NextDouble() - 0.5);
            truth[j] = 2 * (random.NextDouble() - 0.5);
        }
        _b = 0.1;
        _xs = new double[Samples * Features];
        _ys = new double[Samples];
        for (int i = 0; i < Samples; i++)
        {
            double z = 0.3;
            for (int j = 0; j < Features; j++)
            {
                double x = random.NextDouble() * 2 - 1;
                _xs[i * Features + j] = x;
                z += truth[j] * x;
            }
            _ys[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
        _gw = new double[Features];
        Verify();
    }

    [Benchmark]
    public double Primal() => Kernels.Logistic(_w, _b, _xs, _ys);

    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenGradients.Logistic(_w, _b, _xs, _ys, _gw, out _gb);

    [Benchmark]
    public double[] FGradient()
    {
        (double[] gw, _gb) = Kernels.LogisticGradient(_w, _b, _xs, _ys);
        return gw;
    }

    [Benchmark]
    public double FPullback()
    {
        Span<double> gw = _gw;
        gw.Clear();
        double gb = 0;
        double value = Kernels.LogisticPullback(_w, _b, _xs, _ys, 1.0, gw, ref gb);
        _gb = gb;
        return value;
    }

    /// <summary>Forward mode: one pass per parameter (Features + 1 passes).</summary>
    [Benchmark]
    public double DualNumbers()
    {
        var w = new Dual[Features];
        for (int j = 0; j < w.Length; j++)
        {
            w[j] = Dual.Constant(_w[j]);
        }
        for (int j = 0; j < w.Length; j++)
        {
            w[j] = Dual.Seed(_w[j]);
            _gw[j] = OverloadedKernels.Logistic(w, Dual.Constant(_b), _xs, _ys).D;
            w[j] = Dual.Constant(_w[j]);
        }
        _gb = OverloadedKernels.Logistic(w, Dual.Seed(_b), _xs, _ys).D;
        return _gb;
    }

    [Benchmark]
    public double RuntimeTape()
    {
        Tape tape = Tape.Begin();
        Var[] w = tape.Variables(_w);
        Var b = tape.Variable(_b);
        Var loss = OverloadedKernels.Logistic<Var>(w, b, _xs, _ys);
        double[] adjoints = tape.Backward(loss);
        for (int j = 0; j < w.Length; j++)
        {
            _gw[j] = adjoints[w[j].Index];
        }
        _gb = adjoints[b.Index];
        return loss.V;
    }

    /// <summary>Central differences: two evaluations of the loss per parameter, on a copy of w.</summary>
    [Benchmark]
    public double FiniteDifferences()
    {
        double[] w = (double[])_w.Clone();
        for (int j = 0; j < w.Length; j++)
        {
            double wj = w[j], h = FiniteDifference.Step(wj);
            double plus = wj + h, minus = wj - h;
            w[j] = plus;
            double fPlus = Kernels.Logistic(w, _b, _xs, _ys);
            w[j] = minus;
            double fMinus = Kernels.Logistic(w, _b, _xs, _ys);
            w[j] = wj;
            _gw[j] = (fPlus - fMinus) / (plus - minus);
        }
        double b = _b, hb = FiniteDifference.Step(b), bp = b + hb, bm = b - hb;
        _gb = (Kernels.Logistic(w, bp, _xs, _ys) - Kernels.Logistic(w, bm, _xs, _ys)) / (bp - bm);
        return _gb;
    }

    private double[] Gradient() => [.. _gw, _gb];

    public string Verify()
    {
        var check = new GradientCheck($"Logistic ({Samples:N0} samples x {Features} features)");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = Gradient();

        double[] gw = FGradient();
        check.Gradient("FGradient", [.. gw, _gb], reference);
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", Gradient(), reference);
        check.ZeroAllocation("FPullback", () => FPullback());
        DualNumbers();
        check.Gradient("DualNumbers", Gradient(), reference);
        check.Value("RuntimeTape", RuntimeTape(), primal, bitwise: false);
        check.Gradient("RuntimeTape", Gradient(), reference);
        FiniteDifferences();
        check.Gradient("FiniteDifferences", Gradient(), reference, finiteDifferences: true);
        return check.Report();
    }
}
