using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Helpers that create an array, fill it and return it, which GradGen writes where they are called: in a loop over
/// rows of data (three buffers per pass), chained at the top level, one in another file of the class, and a local function
/// that creates a buffer of a length its caller passes.</summary>
public static partial class ArrayHelpers
{
    private static readonly double[][] Rows = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.7], [-0.3, 0.8, 0.1]];

    // e = W x (2 × 3, row-major), one per row of data and one for the next row: f = Σ_n e0 e1 + e0² + e0 · e'1.
    private static double[] Embed(double[] w, double[] x, int dim)
    {
        var e = new double[dim];
        for (int i = 0; i < dim; i++)
            for (int j = 0; j < x.Length; j++)
                e[i] += w[i * x.Length + j] * x[j];
        return e;
    }

    [Differentiable(Forward = true)]
    public static double Embedded(double[] w, [NoDerivative] double[][] xs)
    {
        double f = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            double[] e = Embed(w, xs[n], 2);
            var next = Embed(w, xs[(n + 1) % xs.Length], 2);
            f += e[0] * e[1] + e[0] * e[0] + e[0] * next[1];
        }

        return f;
    }

    public static double[] EmbeddedAnalytic(double[] w, double[][] xs)
    {
        var g = new double[w.Length];
        double[] E(double[] x) => [w[0] * x[0] + w[1] * x[1] + w[2] * x[2], w[3] * x[0] + w[4] * x[1] + w[5] * x[2]];
        for (int n = 0; n < xs.Length; n++)
        {
            double[] x = xs[n], y = xs[(n + 1) % xs.Length];
            double[] e = E(x), next = E(y);
            double d0 = e[1] + 2 * e[0] + next[1], d1 = e[0], dNext1 = e[0];
            for (int j = 0; j < 3; j++)
            {
                g[j] += d0 * x[j];
                g[3 + j] += d1 * x[j] + dNext1 * y[j];
            }
        }

        return g;
    }

    // ScaledSquares at the top level, one helper declared in another file: f = Σ (c xᵢ)² + Σ c xᵢ.
    private static double[] Squares(double[] v)
    {
        var r = new double[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = v[i] * v[i];
        return r;
    }

    [Differentiable(Forward = true)]
    public static double ScaledSquares(double[] x, double c)
    {
        var scaled = ArrayHelperFile.Scaled(x, c);
        var squares = Squares(scaled);
        double f = 0;
        for (int i = 0; i < x.Length; i++) f += squares[i] + scaled[i];
        return f;
    }

    public static (double[], double) ScaledSquaresAnalytic(double[] x, double c)
    {
        var gx = new double[x.Length];
        double gc = 0;
        for (int i = 0; i < x.Length; i++)
        {
            gx[i] = 2 * c * c * x[i] + c;
            gc += 2 * c * x[i] * x[i] + x[i];
        }

        return (gx, gc);
    }

    // A local function that creates a buffer of the length it is passed, called in a loop: f = Σₖ (k + 1) Σᵢ xᵢ² = 6 Σ xᵢ².
    [Differentiable(Forward = true)]
    public static double LocalBuffer(double[] x)
    {
        double total = 0;
        for (int k = 0; k < 3; k++) total += (k + 1) * SumOfSquares(x.Length, x);
        return total;

        static double SumOfSquares(int n, double[] y)
        {
            var b = new double[n];
            for (int i = 0; i < n; i++) b[i] = y[i] * y[i];
            double s = 0;
            foreach (double v in b) s += v;
            return s;
        }
    }

    public static double[] LocalBufferAnalytic(double[] x) => x.Select(v => 12 * v).ToArray();

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(Embedded),
            Parameters = ["w[0]", "w[1]", "w[2]", "w[3]", "w[4]", "w[5]"],
            Value = p => Embedded(p, Rows),
            Gradient = p => EmbeddedGradient(p, Rows),
            ValueAndGradient = p => EmbeddedValueAndGradient(p, Rows),
            Pullback = (p, seed, adj) => EmbeddedPullback(p, Rows, seed, adj),
            Pushforward = (p, tangent) => EmbeddedPushforward(p, Rows, tangent),
            Analytic = p => EmbeddedAnalytic(p, Rows),
            Points = [[0.5, -0.2, 0.3, 1.1, 0.4, -0.6], [-1.0, 2.0, 0.25, 0.5, -0.5, 1.5]],
        };
        yield return new DoubleCase
        {
            Name = nameof(ScaledSquares),
            Parameters = ["x[0]", "x[1]", "x[2]", "c"],
            Value = p => ScaledSquares(p[..3], p[3]),
            Gradient = p => { var (gx, gc) = ScaledSquaresGradient(p[..3], p[3]); return [.. gx, gc]; },
            ValueAndGradient = p => { var (value, (gx, gc)) = ScaledSquaresValueAndGradient(p[..3], p[3]); return (value, [.. gx, gc]); },
            Pullback = (p, seed, adj) =>
            {
                double ac = adj[3];
                double value = ScaledSquaresPullback(p[..3], p[3], seed, adj.AsSpan(0, 3), ref ac);
                adj[3] = ac;
                return value;
            },
            Pushforward = (p, tangent) => ScaledSquaresPushforward(p[..3], p[3], tangent[..3], tangent[3]),
            Analytic = p => { var (gx, gc) = ScaledSquaresAnalytic(p[..3], p[3]); return [.. gx, gc]; },
            Points = [[0.5, -1.5, 2.0, 0.7], [1.0, 0.1, -0.3, -2.0]],
        };
        yield return new DoubleCase
        {
            Name = nameof(LocalBuffer),
            Parameters = ["x[0]", "x[1]", "x[2]"],
            Value = LocalBuffer,
            Gradient = LocalBufferGradient,
            ValueAndGradient = p => LocalBufferValueAndGradient(p),
            Pullback = (p, seed, adj) => LocalBufferPullback(p, seed, adj),
            Pushforward = (p, tangent) => LocalBufferPushforward(p, tangent),
            Analytic = LocalBufferAnalytic,
            Points = [[0.5, -1.5, 2.0], [1.0, 0.1, -0.3]],
        };
    }
}
