using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// What the reverse sweep keeps off the tape: integer steps in loops (<c>lower++</c>, <c>k += 2</c>, a <c>long</c> stepping
/// down) undone instead of saved, and local arrays a loop overwrites whole, whose element updates in between (<c>q[j] +=
/// ...</c>) are then not saved. Each is checked where the undone or unsaved value matters: a counter reassigned after its
/// loop, a buffer read nonlinearly before it is overwritten again.
/// </summary>
public static partial class TapeEconomy
{
    /// <summary>The GMM's triangular product Q·x, twice with the buffer overwritten whole in between, its squared norm summed.</summary>
    [Differentiable(Forward = true)]
    public static double Triangle(double[] x, double[] w)
    {
        int n = x.Length;
        double[] q = new double[n];
        double s = 0;
        for (int rep = 0; rep < 2; rep++)
        {
            for (int i = 0; i < n; i++)
            {
                q[i] = (rep + 1) * x[i];
            }

            int lower = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    q[j] += w[lower] * x[i];
                    lower++;
                }
            }

            for (int i = 0; i < n; i++)
            {
                s += q[i] * q[i] * (i + 1);
            }
        }

        return s;
    }

    /// <summary>∂/∂x and ∂/∂w of <see cref="Triangle"/> by hand: with c = rep + 1, q_j = c·x_j + Σ_{i&lt;j} w_ij·x_i and
    /// s = Σ_rep Σ_j (j + 1)·q_j².</summary>
    private static double[] TriangleAnalytic(double[] x, double[] w)
    {
        int n = x.Length;
        var gx = new double[n];
        var gw = new double[w.Length];
        for (int rep = 0; rep < 2; rep++)
        {
            var q = new double[n];
            for (int i = 0; i < n; i++) q[i] = (rep + 1) * x[i];
            int lower = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++) q[j] += w[lower++] * x[i];
            }

            for (int j = 0; j < n; j++)
            {
                double dq = 2 * q[j] * (j + 1);
                gx[j] += dq * (rep + 1);
            }

            lower = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double dq = 2 * q[j] * (j + 1);
                    gx[i] += dq * w[lower];
                    gw[lower] += dq * x[i];
                    lower++;
                }
            }
        }

        return [.. gx, .. gw];
    }

    /// <summary>Counters stepped by 2 up, by 3 down (a long) and by 1, each read as an index by the derivative; the first
    /// is reassigned after its loop.</summary>
    [Differentiable(Forward = true)]
    public static double Strided(double[] x, double a)
    {
        double s = 0;
        int k = 0;
        while (k < x.Length)
        {
            s += a * x[k] * x[k];
            k += 2;
        }

        long m = x.Length - 1;
        while (m >= 0)
        {
            s = s * s * 0.25 + x[m] * a;
            m -= 3;
        }

        k = 1;
        while (k < x.Length)
        {
            s += Math.Sin(x[k] * s) * a;
            k++;
        }

        return s;
    }

    /// <summary>∂/∂x and ∂/∂a of <see cref="Strided"/>, carried forward statement by statement by hand (s and its gradient
    /// ds together).</summary>
    private static double[] StridedAnalytic(double[] x, double a)
    {
        int n = x.Length;
        double s = 0;
        var ds = new double[n + 1]; // ∂s/∂x_0..x_{n-1}, then ∂s/∂a
        for (int k = 0; k < n; k += 2)
        {
            s += a * x[k] * x[k];
            ds[k] += 2 * a * x[k];
            ds[n] += x[k] * x[k];
        }

        for (long m = n - 1; m >= 0; m -= 3)
        {
            double factor = 0.5 * s;
            for (int i = 0; i <= n; i++) ds[i] *= factor;
            s = s * s * 0.25 + x[m] * a;
            ds[m] += a;
            ds[n] += x[m];
        }

        for (int k = 1; k < n; k++)
        {
            double c = Math.Cos(x[k] * s) * a;
            double sin = Math.Sin(x[k] * s);
            var before = (double[])ds.Clone();
            for (int i = 0; i <= n; i++) ds[i] += c * x[k] * before[i];
            ds[k] += c * s;
            ds[n] += sin;
            s += sin * a;
        }

        return ds;
    }

    /// <summary>A loop that overwrites all but the last element: the last keeps accumulating across repetitions, so its
    /// updates must still be saved for the reads before them.</summary>
    [Differentiable(Forward = true)]
    public static double Partial(double[] x)
    {
        int n = x.Length;
        double[] q = new double[n];
        double s = 0;
        for (int rep = 0; rep < 2; rep++)
        {
            for (int i = 0; i < n - 1; i++)
            {
                q[i] = (rep + 1) * x[i];
            }

            for (int j = 1; j < n; j++)
            {
                q[j] += x[j - 1] * x[j];
            }

            for (int i = 0; i < n; i++)
            {
                s += q[i] * q[i];
            }
        }

        return s;
    }

    /// <summary>∂/∂x of <see cref="Partial"/> by hand: in repetition r (c = r + 1), q_i = c·x_i + x_{i−1}·x_i for
    /// 0 &lt; i &lt; n − 1, q_0 = c·x_0, and q_{n−1} = c·x_{n−2}·x_{n−1}.</summary>
    private static double[] PartialAnalytic(double[] x)
    {
        int n = x.Length;
        var g = new double[n];
        for (int rep = 0; rep < 2; rep++)
        {
            double c = rep + 1;
            for (int i = 0; i < n - 1; i++)
            {
                double q = c * x[i] + (i > 0 ? x[i - 1] * x[i] : 0);
                g[i] += 2 * q * (c + (i > 0 ? x[i - 1] : 0));
                if (i > 0) g[i - 1] += 2 * q * x[i];
            }

            double last = c * x[n - 2] * x[n - 1];
            g[n - 2] += 2 * last * c * x[n - 1];
            g[n - 1] += 2 * last * c * x[n - 2];
        }

        return g;
    }

    private static double[] Head(double[] p, int n) => p[..n];

    private static double[] Tail(double[] p, int n) => p[n..];

    public static IEnumerable<DoubleCase> DoubleCases()
    {
        const int n = 4;
        yield return new DoubleCase
        {
            Name = nameof(Triangle),
            Parameters = ["x[0]", "x[1]", "x[2]", "x[3]", "w[0]", "w[1]", "w[2]", "w[3]", "w[4]", "w[5]"],
            Value = p => Triangle(Head(p, n), Tail(p, n)),
            Gradient = p => TriangleGradient(Head(p, n), Tail(p, n)) is var (gx, gw) ? [.. gx, .. gw] : [],
            ValueAndGradient = p => TriangleValueAndGradient(Head(p, n), Tail(p, n)) is var (v, (gx, gw)) ? (v, [.. gx, .. gw]) : default,
            Pullback = (p, seed, adjoint) =>
            {
                double[] ax = Head(adjoint, n), aw = Tail(adjoint, n);
                double value = TrianglePullback(Head(p, n), Tail(p, n), seed, ax, aw);
                ax.CopyTo(adjoint, 0);
                aw.CopyTo(adjoint, n);
                return value;
            },
            Pushforward = (p, t) => TrianglePushforward(Head(p, n), Tail(p, n), Head(t, n), Tail(t, n)),
            Analytic = p => TriangleAnalytic(Head(p, n), Tail(p, n)),
            Points = [[0.5, -1.0, 2.0, 0.1, 0.3, -0.4, 0.7, 1.1, -0.2, 0.6], [1.5, 0.25, -0.7, 1.5, -0.3, 0.9, 0.2, -1.3, 0.4, 0.8]],
        };

        yield return new DoubleCase
        {
            Name = nameof(Partial),
            Parameters = ["x[0]", "x[1]", "x[2]", "x[3]"],
            Value = Partial,
            Gradient = PartialGradient,
            ValueAndGradient = p => PartialValueAndGradient(p),
            Pullback = (p, seed, adjoint) => PartialPullback(p, seed, adjoint),
            Pushforward = (p, t) => PartialPushforward(p, t),
            Analytic = PartialAnalytic,
            Points = [[0.5, -1.0, 2.0, 0.1], [1.5, 0.25, -0.7, 1.5]],
        };

        const int m = 7;
        yield return new DoubleCase
        {
            Name = nameof(Strided),
            Parameters = ["x[0]", "x[1]", "x[2]", "x[3]", "x[4]", "x[5]", "x[6]", "a"],
            Value = p => Strided(Head(p, m), p[m]),
            Gradient = p => StridedGradient(Head(p, m), p[m]) is var (gx, ga) ? [.. gx, ga] : [],
            ValueAndGradient = p => StridedValueAndGradient(Head(p, m), p[m]) is var (v, (gx, ga)) ? (v, [.. gx, ga]) : default,
            Pullback = (p, seed, adjoint) =>
            {
                double[] ax = Head(adjoint, m);
                double value = StridedPullback(Head(p, m), p[m], seed, ax, ref adjoint[m]);
                ax.CopyTo(adjoint, 0);
                return value;
            },
            Pushforward = (p, t) => StridedPushforward(Head(p, m), p[m], Head(t, m), t[m]),
            Analytic = p => StridedAnalytic(Head(p, m), p[m]),
            Points = [[0.5, -0.4, 0.3, 0.1, -0.2, 0.6, 0.25, 0.7], [0.2, 0.1, -0.3, 0.45, 0.15, -0.5, 0.35, -0.6]],
        };
    }
}
