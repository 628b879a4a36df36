using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace GradGen.Benchmarks.Suites;

/// <summary>
/// A Hessian-vector product of the regularized logistic loss (<see cref="Samples"/> samples of <see cref="Features"/>
/// features), the inner step of a truncated-Newton (Newton-CG) solver: GradGen's <c>FHessianVectorProduct</c>
/// (forward-over-reverse, exact) against central finite differences of the generated gradient, (∇f(w + εv) − ∇f(w − εv)) / 2ε
/// (two gradient calls, accurate to about 1e-7), with one gradient for scale. The full Hessian (Features + 1 products) is
/// timed too.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[BenchmarkCategory("HessianVectorProduct")]
public class HessianVectorProductBenchmarks
{
    public const int Samples = 4_000;
    public const int Features = 32;
    private const double Lambda = 1e-3;
    private const double Epsilon = 1e-5;

    private double[] _w = [];
    private double _b;
    private double[] _xs = [];
    private double[] _ys = [];
    private double[] _v = [];
    private double _vb;
    private double[] _plus = [];
    private double[] _minus = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _w = new double[Features];
        _v = new double[Features];
        var truth = new double[Features];
        for (int j = 0; j < Features; j++)
        {
            _w[j] = 0.2 * (random.NextDouble() - 0.5);
            _v[j] = random.NextDouble() * 2 - 1;
            truth[j] = 2 * (random.NextDouble() - 0.5);
        }
        _b = 0.1;
        _vb = 0.5;
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
        _plus = new double[Features];
        _minus = new double[Features];
        Verify();
    }

    [Benchmark]
    public double[] Gradient() => SecondOrderKernels.RegularizedLogisticGradient(_w, _b, _xs, _ys, Lambda).w;

    [Benchmark(Baseline = true)]
    public double[] FiniteDifferenceOfGradients()
    {
        for (int j = 0; j < Features; j++)
        {
            _plus[j] = _w[j] + Epsilon * _v[j];
            _minus[j] = _w[j] - Epsilon * _v[j];
        }

        (double[] gp, double gbp) = SecondOrderKernels.RegularizedLogisticGradient(_plus, _b + Epsilon * _vb, _xs, _ys, Lambda);
        (double[] gm, double gbm) = SecondOrderKernels.RegularizedLogisticGradient(_minus, _b - Epsilon * _vb, _xs, _ys, Lambda);
        for (int j = 0; j < Features; j++) gp[j] = (gp[j] - gm[j]) / (2 * Epsilon);
        _ = (gbp - gbm) / (2 * Epsilon);
        return gp;
    }

    [Benchmark]
    public double[] FHessianVectorProduct() => SecondOrderKernels.RegularizedLogisticHessianVectorProduct(_w, _b, _xs, _ys, Lambda, _v, _vb).w;

    [Benchmark]
    public double[,] FHessian() => SecondOrderKernels.RegularizedLogisticHessian(_w, _b, _xs, _ys, Lambda);

    /// <summary>The product agrees with the differences of the gradient (to their accuracy) and with the Hessian times v.</summary>
    public void Verify()
    {
        double[] exact = FHessianVectorProduct();
        double[] differences = FiniteDifferenceOfGradients();
        double[,] h = FHessian();
        for (int j = 0; j < Features; j++)
        {
            double scale = Math.Max(1, Math.Abs(exact[j]));
            if (Math.Abs(exact[j] - differences[j]) > 1e-5 * scale)
            {
                throw new InvalidOperationException($"FHessianVectorProduct[{j}] = {exact[j]:R}, differences of the gradient give {differences[j]:R}.");
            }

            double hv = _vb * h[j, Features];
            for (int k = 0; k < Features; k++) hv += h[j, k] * _v[k];
            if (Math.Abs(exact[j] - hv) > 1e-10 * scale)
            {
                throw new InvalidOperationException($"FHessianVectorProduct[{j}] = {exact[j]:R}, FHessian·v gives {hv:R}.");
            }
        }
    }
}
