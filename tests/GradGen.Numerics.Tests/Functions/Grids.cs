using Xunit;
using GradGen.Numerics.Tests.Infrastructure;

#pragma warning disable GG1008 // fields and properties read as constants on purpose: the cases check they get no derivative

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Weights held as jagged (<c>double[][]</c>) and two-dimensional (<c>double[,]</c>) arrays: differentiated, with
/// gradients and adjoints of the same shape; rows passed to helpers; two-dimensional locals.</summary>
public static partial class Grids
{
    private static readonly double[][] Points = [[0.9, 0.1], [-0.5, 0.8], [0.2, -0.9], [1.1, 0.4], [-0.7, -0.6]];

    private static double SquaredDistance(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            s += d * d;
        }

        return s;
    }

    // Soft k-means: jagged centroids (3 × 2), each row passed to a helper without the attribute.
    [Differentiable(Forward = true)]
    public static double SoftKMeans(double[][] centroids, [NoDerivative] double[][] points, [NoDerivative] double t)
    {
        double loss = 0;
        foreach (double[] p in points)
        {
            double s = 0;
            for (int k = 0; k < centroids.Length; k++) s += Math.Exp(-SquaredDistance(p, centroids[k]) / t);
            loss -= t * Math.Log(s);
        }

        return loss;
    }

    public static double[] SoftKMeansAnalytic(double[][] c, double[][] points, double t)
    {
        var g = new double[c.Length * 2];
        foreach (double[] p in points)
        {
            var e = new double[c.Length];
            double s = 0;
            for (int k = 0; k < c.Length; k++)
            {
                e[k] = Math.Exp(-SquaredDistance(p, c[k]) / t);
                s += e[k];
            }

            for (int k = 0; k < c.Length; k++)
            {
                // d(-t log s)/dc_kj = (e_k / s) * d(d_k)/dc_kj = (e_k / s) * 2 (c_kj - p_j)
                for (int j = 0; j < 2; j++) g[2 * k + j] += e[k] / s * 2 * (c[k][j] - p[j]);
            }
        }

        return g;
    }

    // A dense layer with a double[,] weight matrix (2 × 3) and a jagged output weight, squared error per sample;
    // the pre-activations go through a local two-dimensional array.
    [Differentiable(Forward = true)]
    public static double Layer(double[,] w, double[][] v, [NoDerivative] double[][] xs)
    {
        int rows = w.GetLength(0), columns = w.GetLength(1);
        var z = new double[xs.Length, rows];
        for (int n = 0; n < xs.Length; n++)
        {
            for (int i = 0; i < rows; i++)
            {
                double a = 0;
                for (int j = 0; j < columns; j++) a += w[i, j] * xs[n][j];
                z[n, i] = Math.Tanh(a);
            }
        }

        double loss = 0;
        for (int n = 0; n < z.GetLength(0); n++)
        {
            double y = v[0][0];
            for (int i = 0; i < rows; i++) y += v[1][i] * z[n, i];
            loss += y * y;
        }

        return loss;
    }

    private static readonly double[][] LayerInputs = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.7], [-0.3, 0.8, 0.1]];

    public static double[] LayerAnalytic(double[,] w, double[][] v, double[][] xs)
    {
        var gw = new double[6];
        var gv = new double[3];
        foreach (double[] x in xs)
        {
            var h = new double[2];
            for (int i = 0; i < 2; i++)
            {
                double a = 0;
                for (int j = 0; j < 3; j++) a += w[i, j] * x[j];
                h[i] = Math.Tanh(a);
            }

            double y = v[0][0] + v[1][0] * h[0] + v[1][1] * h[1];
            gv[0] += 2 * y;
            for (int i = 0; i < 2; i++)
            {
                gv[1 + i] += 2 * y * h[i];
                for (int j = 0; j < 3; j++) gw[3 * i + j] += 2 * y * v[1][i] * (1 - h[i] * h[i]) * x[j];
            }
        }

        return [.. gw, .. gv];
    }

    private static double SquaredNorm(double[][] rows)
    {
        double s = 0;
        foreach (double[] row in rows)
        {
            foreach (double v in row) s += v * v;
        }

        return s;
    }

    private static double Frobenius(double[,] m)
    {
        double s = 0;
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++) s += m[i, j] * m[i, j];
        }

        return s;
    }

    // Helpers that take whole jagged and two-dimensional weights: their adjoints are passed down as they are.
    [Differentiable(Forward = true)]
    public static double Regularizer(double[][] c, double[,] w, [NoDerivative] double lambda) =>
        lambda * (0.5 * SquaredNorm(c) + Frobenius(w)) + c[2][1] * w[1, 2];

    private static double[][] Centroids(double[] p) => [p[0..2], p[2..4], p[4..6]];

    private static double[,] Matrix(double[] p) => new double[,] { { p[0], p[1], p[2] }, { p[3], p[4], p[5] } };

    private static double[][] OutputWeights(double[] p) => [[p[6]], [p[7], p[8]]];

    private static double[] Flatten(double[][] rows) => rows.SelectMany(r => r).ToArray();

    private static double[] Flatten(double[,] m) => m.Cast<double>().ToArray();

    // Constant tables held in static readonly fields, jagged and two-dimensional, read as data:
    // f = Σᵢ T[i][1] G[i, 0] x + Σᵢ Σⱼ G[i, j] x² = (2·1 + 4·3) x + 10 x².
    private static readonly double[][] Table = [[1.0, 2.0], [3.0, 4.0]];
    private static readonly double[,] Grid = { { 1.0, 2.0 }, { 3.0, 4.0 } };

    [Differentiable(Forward = true)]
    public static double FieldTables(double x)
    {
        double s = 0;
        for (int i = 0; i < Grid.GetLength(0); i++)
        {
            s += Table[i][1] * Grid[i, 0] * x;
            for (int j = 0; j < Grid.GetLength(1); j++) s += Grid[i, j] * x * x;
        }

        return s;
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D1(nameof(FieldTables), FieldTables, FieldTablesGradient, FieldTablesValueAndGradient, FieldTablesPullback, x => 14 + 20 * x, 0.5, -1.25);
        yield return new DoubleCase
        {
            Name = nameof(SoftKMeans),
            Parameters = ["c[0][0]", "c[0][1]", "c[1][0]", "c[1][1]", "c[2][0]", "c[2][1]"],
            Value = p => SoftKMeans(Centroids(p), Points, 0.5),
            Gradient = p => Flatten(SoftKMeansGradient(Centroids(p), Points, 0.5)),
            ValueAndGradient = p => { var (v, g) = SoftKMeansValueAndGradient(Centroids(p), Points, 0.5); return (v, Flatten(g)); },
            Pullback = (p, seed, a) =>
            {
                double[][] adjoint = Centroids(a);
                double value = SoftKMeansPullback(Centroids(p), Points, 0.5, seed, adjoint);
                Flatten(adjoint).CopyTo(a, 0);
                return value;
            },
            Pushforward = (p, tangent) => SoftKMeansPushforward(Centroids(p), Points, 0.5, Centroids(tangent)),
            Analytic = p => SoftKMeansAnalytic(Centroids(p), Points, 0.5),
            Points = [[1.1, 0.2, -0.4, 1.0, -0.6, -0.9], [0.0, 0.1, 0.3, -0.2, 2.0, 1.5]],
        };
        yield return new DoubleCase
        {
            Name = nameof(Regularizer),
            Parameters = ["c[0][0]", "c[0][1]", "c[1][0]", "c[1][1]", "c[2][0]", "c[2][1]", "w[0,0]", "w[0,1]", "w[0,2]", "w[1,0]", "w[1,1]", "w[1,2]"],
            Value = p => Regularizer(Centroids(p), Matrix(p[6..]), 0.3),
            Gradient = p => { var (gc, gw) = RegularizerGradient(Centroids(p), Matrix(p[6..]), 0.3); return [.. Flatten(gc), .. Flatten(gw)]; },
            ValueAndGradient = p =>
            {
                var (value, (gc, gw)) = RegularizerValueAndGradient(Centroids(p), Matrix(p[6..]), 0.3);
                return (value, [.. Flatten(gc), .. Flatten(gw)]);
            },
            Pullback = (p, seed, a) =>
            {
                double[][] ac = Centroids(a);
                double[,] aw = Matrix(a[6..]);
                double value = RegularizerPullback(Centroids(p), Matrix(p[6..]), 0.3, seed, ac, aw);
                Flatten(ac).CopyTo(a, 0);
                Flatten(aw).CopyTo(a, 6);
                return value;
            },
            Pushforward = (p, tangent) => RegularizerPushforward(Centroids(p), Matrix(p[6..]), 0.3, Centroids(tangent), Matrix(tangent[6..])),
            Analytic = p =>
            {
                // d/dc = 0.3 c (+ w[1,2] at c[2][1]); d/dw = 0.6 w (+ c[2][1] at w[1,2])
                double[] g = [.. p[..6].Select(v => 0.3 * v), .. p[6..].Select(v => 0.6 * v)];
                g[5] += p[11];
                g[11] += p[5];
                return g;
            },
            Points = [[1.1, 0.2, -0.4, 1.0, -0.6, -0.9, 0.3, -0.2, 0.5, 0.1, 0.4, -0.6], [0.0, 0.1, 0.3, -0.2, 2.0, 1.5, -1.0, 0.5, 0.25, 0.8, -0.3, 0.1]],
        };
        yield return new DoubleCase
        {
            Name = nameof(Layer),
            Parameters = ["w[0,0]", "w[0,1]", "w[0,2]", "w[1,0]", "w[1,1]", "w[1,2]", "v[0][0]", "v[1][0]", "v[1][1]"],
            Value = p => Layer(Matrix(p), OutputWeights(p), LayerInputs),
            Gradient = p => { var (gw, gv) = LayerGradient(Matrix(p), OutputWeights(p), LayerInputs); return [.. Flatten(gw), .. Flatten(gv)]; },
            ValueAndGradient = p =>
            {
                var (value, (gw, gv)) = LayerValueAndGradient(Matrix(p), OutputWeights(p), LayerInputs);
                return (value, [.. Flatten(gw), .. Flatten(gv)]);
            },
            Pullback = (p, seed, a) =>
            {
                double[,] aw = Matrix(a);
                double[][] av = OutputWeights(a);
                double value = LayerPullback(Matrix(p), OutputWeights(p), LayerInputs, seed, aw, av);
                Flatten(aw).CopyTo(a, 0);
                Flatten(av).CopyTo(a, 6);
                return value;
            },
            Pushforward = (p, tangent) => LayerPushforward(Matrix(p), OutputWeights(p), LayerInputs, Matrix(tangent), OutputWeights(tangent)),
            Analytic = p => LayerAnalytic(Matrix(p), OutputWeights(p), LayerInputs),
            Points = [[0.3, -0.2, 0.5, 0.1, 0.4, -0.6, 0.2, 0.7, -0.5], [-1.0, 0.5, 0.25, 0.8, -0.3, 0.1, -0.4, 1.2, 0.3]],
        };
    }
}

/// <summary>The pullback of a jagged or two-dimensional parameter checks its adjoint's shape.</summary>
public class GridAdjointTests
{
    [Fact]
    public void AShorterRowOfAJaggedAdjointIsAnArgumentExceptionNamingIt()
    {
        double[][] c = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]];
        double[][] adjoint = [new double[2], new double[1], new double[2]];
        var e = Assert.Throws<ArgumentException>(() => Grids.SoftKMeansPullback(c, [[0.0, 1.0]], 0.5, 1.0, adjoint));
        Assert.Equal("centroidsAdjoint", e.ParamName);
        Assert.Equal(0.0, adjoint[0][0]); // nothing was added before the check
    }

    [Fact]
    public void ASmallerTwoDimensionalAdjointIsAnArgumentExceptionNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Grids.LayerPullback(new double[2, 3], [[0.0], [0.0, 0.0]], [[1.0, 2.0, 3.0]], 1.0, new double[2, 2], [[0.0], [0.0, 0.0]]));
        Assert.Equal("wAdjoint", e.ParamName);
    }

    [Fact]
    public void TheGradientHasTheShapeOfItsParameter()
    {
        double[][] c = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]];
        double[][] g = Grids.SoftKMeansGradient(c, [[0.0, 1.0]], 0.5);
        Assert.Equal([2, 2, 2], g.Select(r => r.Length));
        var (gw, gv) = Grids.LayerGradient(new double[2, 3], [[0.0], [0.0, 0.0]], [[1.0, 2.0, 3.0]]);
        Assert.Equal((2, 3), (gw.GetLength(0), gw.GetLength(1)));
        Assert.Equal([1, 2], gv.Select(r => r.Length));
    }
}
