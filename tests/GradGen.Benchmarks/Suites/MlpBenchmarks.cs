using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Alternatives;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// A small MLP (16 inputs, 32 tanh hidden units, 1 linear output, squared error), forward and
/// backward over a batch of <see cref="Batch"/> samples: the gradient of the mean loss with respect
/// to all 577 weights and biases.
/// </summary>
/// <remarks>
/// FPullback is the contract's batch idiom: zero the adjoints, call the per-sample pullback once per
/// sample (seed 1/batch), read the sums. FGradient is the generated gradient of the batch loss
/// (<see cref="Kernels.MlpBatchLoss"/>, which calls the per-sample kernel); FPullbackBatchMethod is
/// that batch loss's generated pullback.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("Mlp")]
public class MlpBenchmarks
{
    public const int Batch = 256;
    private const int W1 = 0;
    private const int B1 = W1 + MlpShape.W1Length;
    private const int W2 = B1 + MlpShape.Hidden;
    private const int B2 = W2 + MlpShape.Hidden;
    public const int Parameters = B2 + 1;

    /// <summary>All weights and biases: w1 (row per hidden unit), b1, w2, b2.</summary>
    private double[] _theta = [];
    private double[] _g = [];
    private double[] _xs = [];
    private double[] _ys = [];
    private (double[] w1, double[] b1, double[] w2, double b2) _gradient;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _theta = new double[Parameters];
        for (int i = W1; i < B1; i++) _theta[i] = 0.5 * (random.NextDouble() - 0.5);
        for (int i = B1; i < W2; i++) _theta[i] = 0.1 * (random.NextDouble() - 0.5);
        for (int i = W2; i < B2; i++) _theta[i] = 0.35 * (random.NextDouble() - 0.5);
        _theta[B2] = 0.1;
        _xs = new double[Batch * MlpShape.Inputs];
        _ys = new double[Batch];
        for (int i = 0; i < _xs.Length; i++) _xs[i] = random.NextDouble() * 2 - 1;
        for (int i = 0; i < _ys.Length; i++) _ys[i] = random.NextDouble() * 2 - 1;
        _g = new double[Parameters];
        Verify();
    }

    private static ReadOnlySpan<T> Part<T>(T[] theta, int start, int length) => theta.AsSpan(start, length);

    [Benchmark]
    public double Primal()
    {
        double[] t = _theta;
        return Kernels.MlpBatchLoss(t.AsSpan(W1, MlpShape.W1Length), t.AsSpan(B1, MlpShape.Hidden), t.AsSpan(W2, MlpShape.Hidden), t[B2], _xs, _ys);
    }

    [Benchmark(Baseline = true)]
    public double HandWritten()
    {
        double[] t = _theta, g = _g;
        double value = HandWrittenGradients.MlpBatch(t.AsSpan(W1, MlpShape.W1Length), t.AsSpan(B1, MlpShape.Hidden), t.AsSpan(W2, MlpShape.Hidden), t[B2], _xs, _ys,
            g.AsSpan(W1, MlpShape.W1Length), g.AsSpan(B1, MlpShape.Hidden), g.AsSpan(W2, MlpShape.Hidden), out g[B2]);
        return value;
    }

    [Benchmark]
    public double[] FGradient()
    {
        double[] t = _theta;
        _gradient = Kernels.MlpBatchLossGradient(t.AsSpan(W1, MlpShape.W1Length), t.AsSpan(B1, MlpShape.Hidden), t.AsSpan(W2, MlpShape.Hidden), t[B2], _xs, _ys);
        return _gradient.w1;
    }

    /// <summary>The batch idiom: the per-sample pullback, once per sample, accumulating into the adjoints.</summary>
    [Benchmark]
    public double FPullback()
    {
        double[] t = _theta, g = _g;
        ReadOnlySpan<double> w1 = t.AsSpan(W1, MlpShape.W1Length), b1 = t.AsSpan(B1, MlpShape.Hidden), w2 = t.AsSpan(W2, MlpShape.Hidden);
        double b2 = t[B2];
        Span<double> gw1 = g.AsSpan(W1, MlpShape.W1Length), gb1 = g.AsSpan(B1, MlpShape.Hidden), gw2 = g.AsSpan(W2, MlpShape.Hidden);
        g.AsSpan().Clear();
        ReadOnlySpan<double> xs = _xs, ys = _ys;
        double seed = 1.0 / ys.Length, gb2 = 0, loss = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            loss += Kernels.MlpLossPullback(w1, b1, w2, b2, xs.Slice(i * MlpShape.Inputs, MlpShape.Inputs), ys[i], seed, gw1, gb1, gw2, ref gb2);
        }
        g[B2] = gb2;
        return loss / ys.Length;
    }

    /// <summary>The generated pullback of the batch loss method.</summary>
    [Benchmark]
    public double FPullbackBatchMethod()
    {
        double[] t = _theta, g = _g;
        g.AsSpan().Clear();
        double gb2 = 0;
        double value = Kernels.MlpBatchLossPullback(t.AsSpan(W1, MlpShape.W1Length), t.AsSpan(B1, MlpShape.Hidden), t.AsSpan(W2, MlpShape.Hidden), t[B2], _xs, _ys,
            1.0, g.AsSpan(W1, MlpShape.W1Length), g.AsSpan(B1, MlpShape.Hidden), g.AsSpan(W2, MlpShape.Hidden), ref gb2);
        g[B2] = gb2;
        return value;
    }

    /// <summary>Forward mode: one pass over the batch per parameter (577 passes).</summary>
    [Benchmark]
    public double DualNumbers()
    {
        double[] t = _theta;
        var theta = new Dual[t.Length];
        for (int p = 0; p < t.Length; p++)
        {
            theta[p] = Dual.Constant(t[p]);
        }
        for (int p = 0; p < t.Length; p++)
        {
            theta[p] = Dual.Seed(t[p]);
            _g[p] = OverloadedKernels.MlpBatchLoss(Part(theta, W1, MlpShape.W1Length), Part(theta, B1, MlpShape.Hidden), Part(theta, W2, MlpShape.Hidden), theta[B2], _xs, _ys).D;
            theta[p] = Dual.Constant(t[p]);
        }
        return _g[0];
    }

    [Benchmark]
    public double RuntimeTape()
    {
        Tape tape = Tape.Begin();
        Var[] theta = tape.Variables(_theta);
        Var loss = OverloadedKernels.MlpBatchLoss(Part(theta, W1, MlpShape.W1Length), Part(theta, B1, MlpShape.Hidden), Part(theta, W2, MlpShape.Hidden), theta[B2], _xs, _ys);
        double[] adjoints = tape.Backward(loss);
        for (int p = 0; p < theta.Length; p++)
        {
            _g[p] = adjoints[theta[p].Index];
        }
        return loss.V;
    }

    /// <summary>Central differences: two evaluations of the batch loss per parameter, on a copy of the parameters.</summary>
    [Benchmark]
    public double FiniteDifferences()
    {
        double[] t = (double[])_theta.Clone();
        for (int p = 0; p < t.Length; p++)
        {
            double tp = t[p], h = FiniteDifference.Step(tp);
            double plus = tp + h, minus = tp - h;
            t[p] = plus;
            double fPlus = Kernels.MlpBatchLoss(t.AsSpan(W1, MlpShape.W1Length), t.AsSpan(B1, MlpShape.Hidden), t.AsSpan(W2, MlpShape.Hidden), t[B2], _xs, _ys);
            t[p] = minus;
            double fMinus = Kernels.MlpBatchLoss(t.AsSpan(W1, MlpShape.W1Length), t.AsSpan(B1, MlpShape.Hidden), t.AsSpan(W2, MlpShape.Hidden), t[B2], _xs, _ys);
            t[p] = tp;
            _g[p] = (fPlus - fMinus) / (plus - minus);
        }
        return _g[0];
    }

    public string Verify()
    {
        var check = new GradientCheck($"Mlp (16-32-1, batch of {Batch})");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = [.. _g];

        FGradient();
        check.Gradient("FGradient", [.. _gradient.w1, .. _gradient.b1, .. _gradient.w2, _gradient.b2], reference);
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", _g, reference);
        check.ZeroAllocation("FPullback", () => FPullback());
        check.Value("FPullbackBatchMethod", FPullbackBatchMethod(), primal, bitwise: true);
        check.Gradient("FPullbackBatchMethod", _g, reference);
        check.ZeroAllocation("FPullbackBatchMethod", () => FPullbackBatchMethod());
        DualNumbers();
        check.Gradient("DualNumbers", _g, reference);
        check.Value("RuntimeTape", RuntimeTape(), primal, bitwise: false);
        check.Gradient("RuntimeTape", _g, reference);
        FiniteDifferences();
        check.Gradient("FiniteDifferences", _g, reference, finiteDifferences: true);
        return check.Report();
    }
}
