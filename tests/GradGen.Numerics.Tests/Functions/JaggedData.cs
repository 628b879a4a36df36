using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Samples held as jagged data, <c>[NoDerivative] double[][]</c>: indexed, aliased by row, iterated.</summary>
public static partial class JaggedData
{
    private static readonly double[][] Xs = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.7], [-0.3, 0.8, 0.1], [2.0, -2.0, 0.5]];
    private static readonly double[] Ys = [1, 0, 1, 0];

    // Logistic regression: rows by index, a row alias, the row's Length.
    [Differentiable(Forward = true)]
    public static double Logistic(double[] w, double b, [NoDerivative] double[][] xs, [NoDerivative] double[] ys)
    {
        double loss = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            var x = xs[n];
            double z = b;
            for (int j = 0; j < x.Length; j++) z += w[j] * x[j];
            double p = 1 / (1 + Math.Exp(-z));
            loss -= ys[n] * Math.Log(p) + (1 - ys[n]) * Math.Log(1 - p);
        }

        return loss / xs.Length;
    }

    public static (double[], double) LogisticAnalytic(double[] w, double b, double[][] xs, double[] ys)
    {
        var gw = new double[w.Length];
        double gb = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            double z = b;
            for (int j = 0; j < w.Length; j++) z += w[j] * xs[n][j];
            double r = (1 / (1 + Math.Exp(-z)) - ys[n]) / xs.Length;
            for (int j = 0; j < w.Length; j++) gw[j] += r * xs[n][j];
            gb += r;
        }

        return (gw, gb);
    }

    // foreach over the rows, and a row indexed in place (xs[n][j]) with the counter changed after the alias.
    [Differentiable(Forward = true)]
    public static double Quadratic(double[] w, [NoDerivative] double[][] xs)
    {
        double s = 0;
        int n = 0;
        foreach (double[] x in xs)
        {
            double[] first = xs[0];
            double d = w[0] * x[0] + w[1] * x[1] - first[2];
            n++;
            s += d * d * xs[n - 1][2];
        }

        return s;
    }

    public static double[] QuadraticAnalytic(double[] w, double[][] xs)
    {
        var g = new double[w.Length];
        foreach (double[] x in xs)
        {
            double d = w[0] * x[0] + w[1] * x[1] - xs[0][2];
            g[0] += 2 * d * x[0] * x[2];
            g[1] += 2 * d * x[1] * x[2];
        }

        return g;
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(Logistic),
            Parameters = ["w[0]", "w[1]", "w[2]", "b"],
            Value = p => Logistic(p[..3], p[3], Xs, Ys),
            Gradient = p => { var (gw, gb) = LogisticGradient(p[..3], p[3], Xs, Ys); return [.. gw, gb]; },
            ValueAndGradient = p => { var (v, (gw, gb)) = LogisticValueAndGradient(p[..3], p[3], Xs, Ys); return (v, [.. gw, gb]); },
            Pullback = (p, seed, a) =>
            {
                double ab = a[3];
                double value = LogisticPullback(p[..3], p[3], Xs, Ys, seed, a.AsSpan(0, 3), ref ab);
                a[3] = ab;
                return value;
            },
            Pushforward = (p, tangent) => LogisticPushforward(p[..3], p[3], Xs, Ys, tangent.AsSpan(0, 3), tangent[3]),
            Analytic = p => { var (gw, gb) = LogisticAnalytic(p[..3], p[3], Xs, Ys); return [.. gw, gb]; },
            Points = [[0.5, -1.0, 2.0, 0.1], [1.5, 0.25, -0.7, -0.3]],
        };
        yield return new DoubleCase
        {
            Name = nameof(Quadratic),
            Parameters = ["w[0]", "w[1]"],
            Value = p => Quadratic(p, Xs),
            Gradient = p => QuadraticGradient(p, Xs),
            ValueAndGradient = p => QuadraticValueAndGradient(p, Xs),
            Pullback = (p, seed, a) => QuadraticPullback(p, Xs, seed, a),
            Pushforward = (p, tangent) => QuadraticPushforward(p, Xs, tangent),
            Analytic = p => QuadraticAnalytic(p, Xs),
            Points = [[0.5, -1.0], [1.5, 0.25]],
        };
    }
}
