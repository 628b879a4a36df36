using Xunit;

namespace GradGen.Numerics.Tests.SecondOrder;

/// <summary>
/// <c>[Differentiable(Hessian = true)]</c>: FHessian is exactly symmetric, matches the analytic Hessian where there is one and
/// central differences of the generated gradient everywhere, FHessianVectorProduct is H·v, and the generated gradient itself
/// matches finite differences of the method; in double, and in float against the double form.
/// </summary>
public sealed class HessianTests
{
    /// <summary>A Hessian method seen through flat vectors: the differentiable coordinates in declaration order.</summary>
    private sealed record Flat(string Name, Func<double[], double> Value, Func<double[], double[]> Gradient, Func<double[], double[,]> Hessian,
        Func<double[], double[], double[]> Product, double[][] Points, Func<double[], double[,]>? Analytic = null)
    {
        public override string ToString() => Name;
    }

    private static readonly double[] Xs = [0.5, -1.0, 1.5, 0.25, -0.75, 2.0, 1.0, 0.5, -0.5, -1.5, 0.1, 0.3];
    private static readonly double[] Ys = [1, 0, 1, 1, 0, 0];
    private const double Lambda = 0.05;

    private static readonly ScaledCubic Cubic = new(0.8);

    private static readonly double[][] Data = [[1.5]];

    private static readonly Dictionary<string, Flat> Cases = new Flat[]
    {
        new("Rosenbrock",
            p => HessianFunctions.Rosenbrock(p[0], p[1]),
            p => { var (x, y) = HessianFunctions.RosenbrockGradient(p[0], p[1]); return [x, y]; },
            p => HessianFunctions.RosenbrockHessian(p[0], p[1]),
            (p, v) => { var (x, y) = HessianFunctions.RosenbrockHessianVectorProduct(p[0], p[1], v[0], v[1]); return [x, y]; },
            [[-1.2, 1.0], [1.0, 1.0], [0.3, -0.7]],
            p => new[,] { { 1200 * p[0] * p[0] - 400 * p[1] + 2, -400 * p[0] }, { -400 * p[0], 200 } }),
        new("Logistic",
            p => HessianFunctions.Logistic(p[..2], p[2], Xs, Ys, Lambda),
            p => { var (w, b) = HessianFunctions.LogisticGradient(p[..2], p[2], Xs, Ys, Lambda); return [.. w, b]; },
            p => HessianFunctions.LogisticHessian(p[..2], p[2], Xs, Ys, Lambda),
            (p, v) => { var (w, b) = HessianFunctions.LogisticHessianVectorProduct(p[..2], p[2], Xs, Ys, Lambda, v[..2], v[2]); return [.. w, b]; },
            [[0.1, -0.2, 0.3], [1.5, 0.5, -1.0], [-2.0, 3.0, 0.0]],
            p => HessianFunctions.LogisticAnalytic(p[..2], p[2], Xs, Ys, Lambda)),
        new("Recurrence",
            p => HessianFunctions.Recurrence(p[..3], p[3]),
            p => { var (w, a) = HessianFunctions.RecurrenceGradient(p[..3], p[3]); return [.. w, a]; },
            p => HessianFunctions.RecurrenceHessian(p[..3], p[3]),
            (p, v) => { var (w, a) = HessianFunctions.RecurrenceHessianVectorProduct(p[..3], p[3], v[..3], v[3]); return [.. w, a]; },
            [[0.7, -0.4, 1.1, 0.6], [0.3, 0.9, -0.5, -0.8], [1.2, 0.2, 0.4, 0.35]]),
        new("Buffered",
            p => HessianFunctions.Buffered(p, 3),
            p => HessianFunctions.BufferedGradient(p, 3),
            p => HessianFunctions.BufferedHessian(p, 3),
            (p, v) => HessianFunctions.BufferedHessianVectorProduct(p, 3, v),
            [[0.5, -1.0, 0.75], [2.0, 0.1, -0.3]]),
        new("LogisticThroughCalls",
            p => HessianFunctions.LogisticThroughCalls(p[..2], p[2], Xs, Ys, Lambda),
            p => { var (w, b) = HessianFunctions.LogisticThroughCallsGradient(p[..2], p[2], Xs, Ys, Lambda); return [.. w, b]; },
            p => HessianFunctions.LogisticThroughCallsHessian(p[..2], p[2], Xs, Ys, Lambda),
            (p, v) => { var (w, b) = HessianFunctions.LogisticThroughCallsHessianVectorProduct(p[..2], p[2], Xs, Ys, Lambda, v[..2], v[2]); return [.. w, b]; },
            [[0.1, -0.2, 0.3], [1.5, 0.5, -1.0], [-2.0, 3.0, 0.0]],
            p => HessianFunctions.LogisticAnalytic(p[..2], p[2], Xs, Ys, Lambda)),
        new("ScaledCubic",
            p => Cubic.Loss(p[0], p[1]),
            p => { var (x, y) = Cubic.LossGradient(p[0], p[1]); return [x, y]; },
            p => Cubic.LossHessian(p[0], p[1]),
            (p, v) => { var (x, y) = Cubic.LossHessianVectorProduct(p[0], p[1], v[0], v[1]); return [x, y]; },
            [[0.7, -0.4], [1.1, 0.9], [-0.3, 1.2]],
            p => Cubic.Analytic(p[0], p[1])),
        // w = [[p0, p1], [p2]] (rows of different lengths), m = [[p3, p4], [p5, p6]], b = p7.
        new("Grids",
            p => GridHessians.Loss(W(p), M(p), p[7], Data),
            p => { var (w, m, b) = GridHessians.LossGradient(W(p), M(p), p[7], Data); return [.. w[0], .. w[1], m[0, 0], m[0, 1], m[1, 0], m[1, 1], b]; },
            p => GridHessians.LossHessian(W(p), M(p), p[7], Data),
            (p, v) => { var (w, m, b) = GridHessians.LossHessianVectorProduct(W(p), M(p), p[7], Data, W(v), M(v), v[7]); return [.. w[0], .. w[1], m[0, 0], m[0, 1], m[1, 0], m[1, 1], b]; },
            [[0.3, -0.7, 0.5, 0.2, 0.4, -0.3, 0.1, 0.6], [1.1, 0.4, -0.9, -0.5, 0.8, 0.25, -1.2, -0.4]]),
        // line = (p0, p1), layer = { W = [p2, p3], Bias = p4 }, c = p5.
        new("ModelTypes",
            p => ModelHessians.Loss(new(p[0], p[1]), Layer(p), p[5], Xs[..3]),
            p => { var g = ModelHessians.LossGradient(new(p[0], p[1]), Layer(p), p[5], Xs[..3]); return [g.line.W, g.line.B, .. g.layer.W, g.layer.Bias, g.c]; },
            p => ModelHessians.LossHessian(new(p[0], p[1]), Layer(p), p[5], Xs[..3]),
            (p, v) => { var g = ModelHessians.LossHessianVectorProduct(new(p[0], p[1]), Layer(p), p[5], Xs[..3], new(v[0], v[1]), Layer(v), v[5]); return [g.line.W, g.line.B, .. g.layer.W, g.layer.Bias, g.c]; },
            [[0.4, -0.3, 0.9, 0.2, 0.6, 1.1], [-1.2, 0.5, 0.3, -0.8, 0.1, -0.4]]),
        new("ModelPassedWhole",
            p => ModelHessians.Fit(new(p[0], p[1]), Xs[..4]),
            p => { var g = ModelHessians.FitGradient(new(p[0], p[1]), Xs[..4]); return [g.W, g.B]; },
            p => ModelHessians.FitHessian(new(p[0], p[1]), Xs[..4]),
            (p, v) => { var g = ModelHessians.FitHessianVectorProduct(new(p[0], p[1]), Xs[..4], new(v[0], v[1])); return [g.W, g.B]; },
            [[0.4, -0.3], [-1.2, 0.5]],
            p => FitAnalytic(p[0], p[1])),
        // this = { V = [p0, p1], S = p2 }, x = p3.
        new("WithRespectToThis",
            p => Net(p).Own(p[3]),
            p => { var g = Net(p).OwnGradient(p[3]); return [.. g.@this.V, g.@this.S, g.x]; },
            p => Net(p).OwnHessian(p[3]),
            (p, v) => { var g = Net(p).OwnHessianVectorProduct(p[3], Net(v), v[3]); return [.. g.@this.V, g.@this.S, g.x]; },
            [[0.3, -0.2, 0.7, 0.8], [1.1, 0.4, -0.6, -0.3]],
            p => NetAnalytic(p)),
        new("Horner",
            p => HessianFunctions.Horner(p[..4], p[4], 0),
            p => { var (c, x) = HessianFunctions.HornerGradient(p[..4], p[4], 0); return [.. c, x]; },
            p => HessianFunctions.HornerHessian(p[..4], p[4], 0),
            (p, v) => { var (c, x) = HessianFunctions.HornerHessianVectorProduct(p[..4], p[4], 0, v[..4], v[4]); return [.. c, x]; },
            [[0.5, -1.0, 0.75, 2.0, 0.8], [1.5, 0.3, -0.6, 1.1, -1.3]],
            p => HessianFunctions.HornerAnalytic(p[..4], p[4])),
        new("Tree",
            p => HessianFunctions.Tree(p[0], p[1], 3),
            p => { var (x, y) = HessianFunctions.TreeGradient(p[0], p[1], 3); return [x, y]; },
            p => HessianFunctions.TreeHessian(p[0], p[1], 3),
            (p, v) => { var (x, y) = HessianFunctions.TreeHessianVectorProduct(p[0], p[1], 3, v[0], v[1]); return [x, y]; },
            [[0.3, 0.7], [-0.4, 0.9], [0.6, -0.5]]),
        new("ThroughSpanHelper",
            p => HessianFunctions.ThroughSpanHelper(p),
            p => HessianFunctions.ThroughSpanHelperGradient(p),
            p => HessianFunctions.ThroughSpanHelperHessian(p),
            (p, v) => HessianFunctions.ThroughSpanHelperHessianVectorProduct(p, v),
            [[0.5, -1.0, 0.75], [1.5, 0.3, -0.6]],
            p => HessianFunctions.ThroughSpanHelperAnalytic(p)),
        // Points whose d and d − vol lie on either side of 0: the helper's reflected branch and its other one.
        new("Priced",
            p => HessianFunctions.Priced(p[0], p[1]),
            p => { var (s, v) = HessianFunctions.PricedGradient(p[0], p[1]); return [s, v]; },
            p => HessianFunctions.PricedHessian(p[0], p[1]),
            (p, v) => { var (s, vol) = HessianFunctions.PricedHessianVectorProduct(p[0], p[1], v[0], v[1]); return [s, vol]; },
            [[1.3, 0.4], [0.7, 0.3], [1.05, 0.6]]),
    }.ToDictionary(c => c.Name);

    /// <summary>Σ (tanh(W x + B) - 0.5)²: with t = tanh, e = t - 0.5, t' = 1 - t², t'' = -2 t t', the second derivative of
    /// e² along (x, 1) is 2 (t'² + e t'').</summary>
    private static double[,] FitAnalytic(double w, double b)
    {
        var h = new double[2, 2];
        foreach (double x in Xs[..4])
        {
            double t = Math.Tanh(w * x + b), e = t - 0.5, d1 = 1 - t * t, d2 = -2 * t * d1, k = 2 * (d1 * d1 + e * d2);
            h[0, 0] += k * x * x;
            h[0, 1] += k * x;
            h[1, 0] += k * x;
            h[1, 1] += k;
        }

        return h;
    }

    private static HessianLayer Layer(double[] p) => new() { W = [p[2], p[3]], Bias = p[4] };

    private static HessianNet Net(double[] p) => new() { V = [p[0], p[1]], S = p[2] };

    /// <summary>f = tanh(z)·S + x²S with z = V0·x + V1·S: its Hessian in (V0, V1, S, x) written out.</summary>
    private static double[,] NetAnalytic(double[] p)
    {
        double v0 = p[0], v1 = p[1], s = p[2], x = p[3], z = v0 * x + v1 * s, t = Math.Tanh(z), d1 = 1 - t * t, d2 = -2 * t * d1;
        double[] dz = [x, s, v1, v0]; // ∂z/∂(V0, V1, S, x)
        var h = new double[4, 4];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++) h[i, j] = d2 * dz[i] * dz[j] * s;
        }

        // ∂²z: ∂²z/∂V0∂x = 1, ∂²z/∂V1∂S = 1; the factor S: ∂(tanh z)/∂i · [j = S] + [i = S] · ∂(tanh z)/∂j.
        h[0, 3] += d1 * s; h[3, 0] += d1 * s;
        h[1, 2] += d1 * s; h[2, 1] += d1 * s;
        for (int i = 0; i < 4; i++) { h[i, 2] += d1 * dz[i]; h[2, i] += d1 * dz[i]; }
        h[3, 3] += 2 * s;
        h[3, 2] += 2 * x; h[2, 3] += 2 * x;
        return h;
    }

    private static double[][] W(double[] p) => [[p[0], p[1]], [p[2]]];

    private static double[,] M(double[] p) => new[,] { { p[3], p[4] }, { p[5], p[6] } };

    public static TheoryData<string> Names => new(Cases.Keys);

    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    [Theory]
    [MemberData(nameof(Names))]
    public void TheHessianIsSymmetricAndTheDerivativeOfTheGradient(string name)
    {
        Flat c = Cases[name];
        foreach (double[] point in c.Points)
        {
            double[,] h = c.Hessian(point);
            int n = point.Length;
            Assert.Equal(n, h.GetLength(0));
            Assert.Equal(n, h.GetLength(1));
            for (int i = 0; i < n; i++)
            {
                int row = i;
                double[] fd = FiniteDifference.Gradient(p => c.Gradient(p)[row], point);
                for (int j = 0; j < n; j++)
                {
                    Assert.Equal(h[j, i], h[i, j]);
                    AssertClose(fd[j], h[i, j], 1e-6, $"{name} H[{i},{j}] at ({string.Join(", ", point)}) against differences of the gradient");
                }
            }

            if (c.Analytic is { } analytic)
            {
                double[,] expected = analytic(point);
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++) AssertClose(expected[i, j], h[i, j], 1e-12, $"{name} H[{i},{j}] analytic");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TheProductIsTheHessianTimesTheDirection(string name)
    {
        Flat c = Cases[name];
        var random = new Random(17);
        foreach (double[] point in c.Points)
        {
            double[,] h = c.Hessian(point);
            double[] v = point.Select(_ => random.NextDouble() * 4 - 2).ToArray();
            double[] product = c.Product(point, v);
            Assert.Equal(point.Length, product.Length);
            for (int i = 0; i < point.Length; i++)
            {
                double expected = 0;
                for (int j = 0; j < point.Length; j++) expected += h[i, j] * v[j];
                AssertClose(expected, product[i], 1e-10, $"{name} (Hv)[{i}]");
            }

            // A unit direction gives a column of H.
            for (int j = 0; j < point.Length; j++)
            {
                double[] e = new double[point.Length];
                e[j] = 1;
                double[] column = c.Product(point, e);
                for (int i = 0; i < point.Length; i++) AssertClose(h[i, j], column[i], 1e-12, $"{name} H e{j} [{i}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TheGradientMatchesDifferencesOfTheValue(string name)
    {
        Flat c = Cases[name];
        foreach (double[] point in c.Points)
        {
            double[] fd = FiniteDifference.Gradient(c.Value, point);
            double[] g = c.Gradient(point);
            for (int i = 0; i < point.Length; i++) AssertClose(fd[i], g[i], 1e-6, $"{name} gradient[{i}]");
        }
    }

    [Fact]
    public void AnIndefiniteHessianAtTheSaddleOfRosenbrocksValley()
    {
        // At (0, 0.5) the valley's Hessian has a negative eigenvalue: -198 on the diagonal.
        double[,] h = HessianFunctions.RosenbrockHessian(0, 0.5);
        Assert.Equal(-198, h[0, 0], 12);
        Assert.Equal(0, h[0, 1]);
        Assert.Equal(200, h[1, 1]);
    }

    [Fact]
    public void FloatHessiansMatchTheDoubleForms()
    {
        float[,] rf = HessianFunctions.RosenbrockFHessian(-1.2f, 1f);
        double[,] rd = HessianFunctions.RosenbrockHessian(-1.2f, 1f);
        var (px, py) = HessianFunctions.RosenbrockFHessianVectorProduct(-1.2f, 1f, 0.5f, -1f);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal(rf[j, i], rf[i, j]);
                AssertClose(rd[i, j], rf[i, j], 1e-5, $"RosenbrockF H[{i},{j}]");
            }
        }

        AssertClose(rd[0, 0] * 0.5 - rd[0, 1], px, 1e-5, "RosenbrockF (Hv)x");
        AssertClose(rd[1, 0] * 0.5 - rd[1, 1], py, 1e-5, "RosenbrockF (Hv)y");

        float[] w = [0.7f, -0.4f, 1.1f];
        const float a = 0.6f;
        float[,] hf = HessianFunctions.RecurrenceFHessian(w, a);
        double[,] hd = HessianFunctions.RecurrenceHessian(w.Select(x => (double)x).ToArray(), a);
        float[] v = [1f, -0.5f, 0.25f];
        var (hvw, hva) = HessianFunctions.RecurrenceFHessianVectorProduct(w, a, v, 2f);
        for (int i = 0; i < 4; i++)
        {
            double expected = 2.0 * hd[i, 3];
            for (int j = 0; j < 3; j++) expected += hd[i, j] * v[j];
            AssertClose(expected, i < 3 ? hvw[i] : hva, 1e-4, $"RecurrenceF (Hv)[{i}]");
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(hf[j, i], hf[i, j]);
                AssertClose(hd[i, j], hf[i, j], 1e-4, $"RecurrenceF H[{i},{j}]");
            }
        }
    }

    [Fact]
    public void AFloatHessianThroughCallsMatchesTheDoubleForm()
    {
        float[] w = [0.7f, -0.4f, 1.1f];
        const float a = 0.6f;
        float[,] hf = HessianFunctions.RecurrenceThroughCallsFHessian(w, a);
        double[,] hd = HessianFunctions.RecurrenceHessian(w.Select(x => (double)x).ToArray(), a);
        float[] v = [1f, -0.5f, 0.25f];
        var (hvw, hva) = HessianFunctions.RecurrenceThroughCallsFHessianVectorProduct(w, a, v, 2f);
        for (int i = 0; i < 4; i++)
        {
            double expected = 2.0 * hd[i, 3];
            for (int j = 0; j < 3; j++) expected += hd[i, j] * v[j];
            AssertClose(expected, i < 3 ? hvw[i] : hva, 1e-4, $"RecurrenceThroughCallsF (Hv)[{i}]");
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(hf[j, i], hf[i, j]);
                AssertClose(hd[i, j], hf[i, j], 1e-4, $"RecurrenceThroughCallsF H[{i},{j}]");
            }
        }
    }

    [Fact]
    public void ADirectionShorterThanItsParameterIsAnArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => HessianFunctions.LogisticHessianVectorProduct([1, 2], 0, Xs, Ys, Lambda, [1.0], 0));
        Assert.Equal("wDirection", ex.ParamName);
    }
}
