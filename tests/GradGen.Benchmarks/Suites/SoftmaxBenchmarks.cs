using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Alternatives;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>Softmax cross-entropy of <see cref="N"/> logits with a stable log-sum-exp; gradient with respect to the logits.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Softmax")]
public class SoftmaxBenchmarks
{
    public const int N = 1_000;
    public const int Target = 17;

    private double[] _logits = [];
    private double[] _g = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(6);
        _logits = new double[N];
        for (int i = 0; i < N; i++)
        {
            _logits[i] = random.NextDouble() * 12 - 6;
        }
        _g = new double[N];
        Verify();
    }

    [Benchmark]
    public double Primal() => Kernels.SoftmaxCrossEntropy(_logits, Target);

    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenGradients.SoftmaxCrossEntropy(_logits, Target, _g);

    [Benchmark]
    public double[] FGradient() => Kernels.SoftmaxCrossEntropyGradient(_logits, Target);

    [Benchmark]
    public double FPullback()
    {
        Span<double> g = _g;
        g.Clear();
        return Kernels.SoftmaxCrossEntropyPullback(_logits, Target, 1.0, g);
    }

    /// <summary>Forward mode: one pass per logit.</summary>
    [Benchmark]
    public double DualNumbers()
    {
        double[] z = _logits;
        var dual = new Dual[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            dual[i] = Dual.Constant(z[i]);
        }
        for (int i = 0; i < z.Length; i++)
        {
            dual[i] = Dual.Seed(z[i]);
            _g[i] = OverloadedKernels.SoftmaxCrossEntropy<Dual>(dual, Target).D;
            dual[i] = Dual.Constant(z[i]);
        }
        return _g[0];
    }

    [Benchmark]
    public double RuntimeTape()
    {
        Tape tape = Tape.Begin();
        Var[] z = tape.Variables(_logits);
        Var loss = OverloadedKernels.SoftmaxCrossEntropy<Var>(z, Target);
        double[] adjoints = tape.Backward(loss);
        for (int i = 0; i < z.Length; i++)
        {
            _g[i] = adjoints[z[i].Index];
        }
        return loss.V;
    }

    /// <summary>Central differences: two evaluations per logit, on a copy of the logits.</summary>
    [Benchmark]
    public double FiniteDifferences()
    {
        double[] z = (double[])_logits.Clone();
        for (int i = 0; i < z.Length; i++)
        {
            double zi = z[i], h = FiniteDifference.Step(zi);
            double plus = zi + h, minus = zi - h;
            z[i] = plus;
            double fPlus = Kernels.SoftmaxCrossEntropy(z, Target);
            z[i] = minus;
            double fMinus = Kernels.SoftmaxCrossEntropy(z, Target);
            z[i] = zi;
            _g[i] = (fPlus - fMinus) / (plus - minus);
        }
        return _g[0];
    }

    public string Verify()
    {
        var check = new GradientCheck($"Softmax cross-entropy (n = {N:N0})");
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
