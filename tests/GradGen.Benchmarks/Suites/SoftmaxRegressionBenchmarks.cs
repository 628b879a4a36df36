using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GradGen.Benchmarks.Infrastructure;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// Softmax regression, n = 20,000 samples of d = 200 features (jagged data), K = 10 classes: the logits of each sample
/// accumulated in a buffer (<c>logits[k] += w[k * d + j] * x[j]</c>, as users write it) against the same loss with a
/// scalar accumulator per logit. Once, the buffer form put every partial sum on the tape (n·K·d values, 320 MB here).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("SoftmaxRegression")]
public class SoftmaxRegressionBenchmarks
{
    public const int Samples = 20_000;
    public const int Features = 200;
    public const int Classes = 10;

    private double[] _w = [];
    private double[][] _xs = [];
    private int[] _ys = [];
    private double[] _gw = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _w = new double[Classes * Features];
        for (int i = 0; i < _w.Length; i++) _w[i] = 0.1 * (random.NextDouble() - 0.5);
        _xs = new double[Samples][];
        _ys = new int[Samples];
        for (int n = 0; n < Samples; n++)
        {
            _xs[n] = new double[Features];
            for (int j = 0; j < Features; j++) _xs[n][j] = 2 * random.NextDouble() - 1;
            _ys[n] = random.Next(Classes);
        }

        _gw = new double[_w.Length];
        Verify();
    }

    [Benchmark]
    public double Primal() => Kernels.SoftmaxRegression(_w, _xs, _ys, Classes);

    [Benchmark(Baseline = true)]
    public double HandWritten() => HandWrittenGradients.SoftmaxRegression(_w, _xs, _ys, Classes, _gw);

    /// <summary>The buffer form: <c>logits[k] += ...</c>.</summary>
    [Benchmark]
    public double FPullback()
    {
        Span<double> gw = _gw;
        gw.Clear();
        return Kernels.SoftmaxRegressionPullback(_w, _xs, _ys, Classes, 1.0, gw);
    }

    /// <summary>The scalar-accumulator form.</summary>
    [Benchmark]
    public double FPullbackScalarAccumulator()
    {
        Span<double> gw = _gw;
        gw.Clear();
        return Kernels.SoftmaxRegressionScalarPullback(_w, _xs, _ys, Classes, 1.0, gw);
    }

    public string Verify()
    {
        var check = new GradientCheck($"Softmax regression ({Samples:N0} x {Features}, {Classes} classes)");
        double primal = Primal();
        check.Value("HandWritten", HandWritten(), primal, bitwise: false);
        double[] reference = (double[])_gw.Clone();
        check.Value("FPullback", FPullback(), primal, bitwise: true);
        check.Gradient("FPullback", _gw, reference);
        check.ZeroAllocation("FPullback", () => FPullback());
        check.Value("FPullbackScalarAccumulator", FPullbackScalarAccumulator(), Kernels.SoftmaxRegressionScalar(_w, _xs, _ys, Classes), bitwise: true);
        check.Gradient("FPullbackScalarAccumulator", _gw, reference);
        check.ZeroAllocation("FPullbackScalarAccumulator", () => FPullbackScalarAccumulator());
        return check.Report();
    }
}
