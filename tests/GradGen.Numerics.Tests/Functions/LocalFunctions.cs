using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Local functions, which GradGen writes where they are called: static and capturing, expression- and
/// block-bodied, early returns (in a loop too), one calling another, a void one accumulating into a captured local, one
/// filling a buffer through a span parameter.</summary>
public static partial class LocalFunctions
{
    // f = a³ b + clip(a b) + 2 b², clip the identity on [-1, 1] continued by ±(1 + ln |u|).
    [Differentiable(Forward = true)]
    public static double LocalMixed(double a, double b)
    {
        static double Sq(double v) => v * v;
        double Scaled(double v) => v * b;
        static double SoftClip(double v)
        {
            if (v > 1) return 1 + Math.Log(v);
            if (v < -1) return -1 - Math.Log(-v);
            return v;
        }

        double Twice(double v) => 2 * Sq(v);
        return Sq(a) * Scaled(a) + SoftClip(a * b) + Twice(b);
    }

    public static (double, double) LocalMixedAnalytic(double a, double b)
    {
        double u = a * b;
        double clip = u > 1 ? 1 / u : u < -1 ? -1 / u : 1;
        return (3 * a * a * b + clip * b, a * a * a + clip * a + 4 * b);
    }

    // The first x_i w above a threshold, times w (w alone when there is none), squared and summed over two thresholds by a
    // void local function; a buffer filled through a span: f = Σ_k FA_k² + 3 w x_0.
    [Differentiable(Forward = true)]
    public static double Search(double[] x, double w)
    {
        double FirstAbove(double[] u, double t)
        {
            for (int i = 0; i < u.Length; i++)
            {
                if (u[i] * w > t) return u[i] * w * w;
            }

            return w;
        }

        double total = 0;
        void Add(double v) => total += v * v;
        static void Fill(Span<double> buffer, double v)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] = v * (i + 1);
        }

        double[] work = new double[3];
        Fill(work, w);
        for (int k = 0; k < 2; k++)
        {
            Add(FirstAbove(x, 1.0 + k));
        }

        return total + work[2] * x[0];
    }

    public static (double[], double) SearchAnalytic(double[] x, double w)
    {
        var gx = new double[x.Length];
        double gw = 3 * x[0];
        gx[0] += 3 * w;
        for (int k = 0; k < 2; k++)
        {
            int found = Array.FindIndex(x, v => v * w > 1.0 + k);
            if (found < 0)
            {
                gw += 2 * w;
                continue;
            }

            double fa = x[found] * w * w;
            gx[found] += 2 * fa * w * w;
            gw += 2 * fa * 2 * x[found] * w;
        }

        return (gx, gw);
    }

    // A local function called in its own argument: f = x² + 3 (1 + 3 a).
    [Differentiable(Forward = true)]
    public static double OwnArgument(double a, double x)
    {
        static double Blend(double u, double v) => u * u + 3 * v;
        return Blend(x, Blend(1, a));
    }

    public static (double, double) OwnArgumentAnalytic(double a, double x) => (9, 2 * x);

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(OwnArgument), ["a", "x"], OwnArgument, OwnArgumentGradient, OwnArgumentValueAndGradient, OwnArgumentPullback,
            OwnArgumentAnalytic, (0.5, 1.5), (-2.0, 0.3));
        yield return Case.D2(nameof(LocalMixed), ["a", "b"], LocalMixed, LocalMixedGradient, LocalMixedValueAndGradient, LocalMixedPullback, LocalMixedAnalytic,
            (0.5, 1.5), (2.0, 1.5), (-2.0, 1.5), (0.3, -0.8));
        yield return new DoubleCase
        {
            Name = nameof(Search),
            Parameters = ["x[0]", "x[1]", "x[2]", "w"],
            Value = p => Search(p[..3], p[3]),
            Pushforward = (p, t) => SearchPushforward(p[..3], p[3], t[..3], t[3]),
            Gradient = p => { var (gx, gw) = SearchGradient(p[..3], p[3]); return [.. gx, gw]; },
            ValueAndGradient = p => { var (value, (gx, gw)) = SearchValueAndGradient(p[..3], p[3]); return (value, [.. gx, gw]); },
            Pullback = (p, seed, adj) =>
            {
                double aw = adj[3];
                double value = SearchPullback(p[..3], p[3], seed, adj.AsSpan(0, 3), ref aw);
                adj[3] = aw;
                return value;
            },
            Analytic = p => { var (gx, gw) = SearchAnalytic(p[..3], p[3]); return [.. gx, gw]; },
            Points = [[0.5, 1.7, 3.1, 1.2], [0.2, 0.4, 0.3, 1.5], [2.6, -1.0, 0.5, 0.9]],
        };
    }
}
