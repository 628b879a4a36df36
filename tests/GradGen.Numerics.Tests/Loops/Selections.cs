using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// Selection loops: a loop that keeps the value of one of its iterations (a running maximum or minimum, an argmin,
/// a last match). GradGen records the counter of the last selecting iteration instead of every branch decision.
/// These cases check that form, and the shapes beside it that must keep recording every decision: a second writer
/// of the kept value, a kept value that reaches it through a loop local, a selection nested in another loop.
/// </summary>
/// <remarks>
/// Points keep every comparison at least 0.1 from a tie, so that central differences see one branch.
/// </remarks>
public static partial class Selections
{
#pragma warning disable GG1002 // On purpose, in this whole region: branches on active values.

    // The maximum, squared, plus a direct read of an element. When x[0] is the maximum, the branch never runs.
    [Differentiable(Forward = true)]
    public static double MaxSquared(ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > m)
            {
                m = x[i];
            }
        }

        return m * m + x[1];
    }

    public static double[] MaxSquaredAnalytic(double[] x)
    {
        int k = ArgMax(x);
        double[] g = new double[x.Length];
        g[k] += 2 * x[k];
        g[1] += 1;
        return g;
    }

    // An argmin of scaled values with an active scale: the gradient reaches the kept element and the scale.
    [Differentiable(Forward = true)]
    public static double MinScaled(double[] x, double w)
    {
        double m = double.PositiveInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] * w < m)
            {
                m = x[i] * w;
            }
        }

        return m + w;
    }

    public static (double[] X, double W) MinScaledAnalytic(double[] x, double w)
    {
        int k = ArgMax(x.Select(v => -v * w).ToArray());
        double[] g = new double[x.Length];
        g[k] = w;
        return (g, x[k] + 1);
    }

    // The last element above a threshold, through Exp, squared after the loop: the adjoint code reads the kept value
    // itself, which the reverse sweep restores from after the overwrite that follows the loop.
    [Differentiable(Forward = true)]
    public static double LastAbove(double[] x)
    {
        double m = 1;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0.5)
            {
                m = Math.Exp(x[i]);
            }
        }

        m = m * m;
        return m;
    }

    public static double[] LastAboveAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        int k = Array.FindLastIndex(x, v => v > 0.5);
        if (k >= 0)
        {
            g[k] = 2 * Math.Exp(2 * x[k]);
        }

        return g;
    }

    // The reverse sweep of the code before the loop reads the value the loop overwrites (saved once, not per write).
    [Differentiable(Forward = true)]
    public static double MaxAfterUse(double[] x)
    {
        double m = x[0] * x[1];
        double y = m * x[2];
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > m)
            {
                m = x[i];
            }
        }

        return y + m * m;
    }

    public static double[] MaxAfterUseAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        g[0] += x[1] * x[2];
        g[1] += x[0] * x[2];
        g[2] += x[0] * x[1];
        int k = ArgMax(x);
        if (x[k] > x[0] * x[1])
        {
            g[k] += 2 * x[k];
        }
        else
        {
            double m = x[0] * x[1];
            g[0] += 2 * m * x[1];
            g[1] += 2 * m * x[0];
        }

        return g;
    }

    // A second writer of the kept value: the last write may be either one, so every decision is recorded.
    [Differentiable(Forward = true)]
    public static double MaxOrReset(double[] x)
    {
        double m = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > m)
            {
                m = x[i];
            }
            else if (x[i] < -1)
            {
                m = 0.5 * x[i];
            }
        }

        return m * m;
    }

    public static double[] MaxOrResetAnalytic(double[] x)
    {
        double m = 0, scale = 0;
        int k = -1;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > m)
            {
                (m, k, scale) = (x[i], i, 1);
            }
            else if (x[i] < -1)
            {
                (m, k, scale) = (0.5 * x[i], i, 0.5);
            }
        }

        double[] g = new double[x.Length];
        if (k >= 0)
        {
            g[k] = 2 * m * scale;
        }

        return g;
    }

    // The kept value comes through a loop local with its own derivative: not a selection of one statement.
    [Differentiable(Forward = true)]
    public static double MaxOfSquares(double[] x)
    {
        double m = -1;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i] * x[i];
            if (v > m)
            {
                m = v;
            }
        }

        return m;
    }

    public static double[] MaxOfSquaresAnalytic(double[] x)
    {
        int k = ArgMax(x.Select(v => v * v).ToArray());
        double[] g = new double[x.Length];
        g[k] = 2 * x[k];
        return g;
    }

    // The maximum of each row, summed: the selection is nested in the row loop, so its decisions are recorded.
    [Differentiable(Forward = true)]
    public static double SumOfRowMaxima(double[] x, int columns)
    {
        double s = 0;
        for (int r = 0; r < x.Length / columns; r++)
        {
            double m = x[r * columns];
            for (int c = 1; c < columns; c++)
            {
                if (x[r * columns + c] > m)
                {
                    m = x[r * columns + c];
                }
            }

            s += m;
        }

        return s;
    }

    public static double[] SumOfRowMaximaAnalytic(double[] x, int columns)
    {
        double[] g = new double[x.Length];
        for (int r = 0; r < x.Length / columns; r++)
        {
            g[r * columns + ArgMax(x.Skip(r * columns).Take(columns).ToArray())] = 1;
        }

        return g;
    }

    // A selection loop inside a branch on an active value; a large first element skips it.
    [Differentiable(Forward = true)]
    public static double MaxUnlessLarge(ReadOnlySpan<double> x)
    {
        double m = x[0];
        if (x[0] < 1)
        {
            for (int i = 1; i < x.Length; i++)
            {
                if (x[i] > m)
                {
                    m = x[i];
                }
            }
        }

        return Math.Sin(m);
    }

    public static double[] MaxUnlessLargeAnalytic(double[] x)
    {
        int k = x[0] < 1 ? ArgMax(x) : 0;
        double[] g = new double[x.Length];
        g[k] = Math.Cos(x[k]);
        return g;
    }
#pragma warning restore GG1002

    // A running maximum through Math.Max, the kept value first: ties keep the earlier element.
    [Differentiable(Forward = true)]
    public static double MaxCallSquared(ReadOnlySpan<double> x)
    {
        double m = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            m = Math.Max(m, x[i]);
        }

        return m * m;
    }

    public static double[] MaxCallSquaredAnalytic(double[] x)
    {
        int k = ArgMax(x);
        double[] g = new double[x.Length];
        g[k] = 2 * x[k];
        return g;
    }

    // A running minimum through Math.Min of scaled values, the candidate first, with an active scale.
    [Differentiable(Forward = true)]
    public static double MinCallScaled(double[] x, double w)
    {
        double m = x[0] * w;
        for (int i = 1; i < x.Length; i++)
        {
            m = Math.Min(x[i] * w, m);
        }

        return m * m;
    }

    public static (double[] X, double W) MinCallScaledAnalytic(double[] x, double w)
    {
        int k = ArgMax(x.Select(v => -v * w).ToArray());
        double m = x[k] * w;
        double[] g = new double[x.Length];
        g[k] = 2 * m * w;
        return (g, 2 * m * x[k]);
    }

    // Log-sum-exp stabilized with Math.Max: the gradient is the softmax, and the maximum cancels out of it.
    [Differentiable(Forward = true)]
    public static double LogSumExp(ReadOnlySpan<double> z)
    {
        double m = double.NegativeInfinity;
        for (int i = 0; i < z.Length; i++)
        {
            m = Math.Max(m, z[i]);
        }

        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            s += Math.Exp(z[i] - m);
        }

        return m + Math.Log(s);
    }

    public static double[] LogSumExpAnalytic(double[] z)
    {
        double total = z.Sum(Math.Exp);
        return z.Select(v => Math.Exp(v) / total).ToArray();
    }

    // A selection loop counting down, and one counting up with a long counter.
#pragma warning disable GG1002 // the comparison is the point
    [Differentiable(Forward = true)]
    public static double MaxFromTheEnd(double[] x)
    {
        double m = double.NegativeInfinity;
        for (int i = x.Length - 1; i >= 0; i--)
        {
            if (x[i] > m)
            {
                m = x[i];
            }
        }

        return 3 * m;
    }
#pragma warning restore GG1002

    public static double[] MaxFromTheEndAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        g[ArgMax(x)] = 3;
        return g;
    }

    [Differentiable(Forward = true)]
    public static double MaxLongCounter(double[] x)
    {
        double m = 0;
        for (long i = 0; i < x.Length; i++)
        {
            m = Math.Max(m, x[i] * x[i]);
        }

        return m;
    }

    public static double[] MaxLongCounterAnalytic(double[] x)
    {
        int k = ArgMax(x.Select(v => v * v).ToArray());
        double[] g = new double[x.Length];
        g[k] = 2 * x[k];
        return g;
    }

    // A decaying maximum reads the kept value in both arguments: not a selection, every step is recorded.
    [Differentiable(Forward = true)]
    public static double DecayingMax(double[] x)
    {
        double m = 0;
        for (int i = 0; i < x.Length; i++)
        {
            m = Math.Max(0.9 * m, x[i]);
        }

        return m;
    }

    public static double[] DecayingMaxAnalytic(double[] x)
    {
        // Forward mode: the derivative of the running value with respect to every element.
        double m = 0;
        double[] dm = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            if (0.9 * m >= x[i])
            {
                m *= 0.9;
                for (int j = 0; j < dm.Length; j++)
                {
                    dm[j] *= 0.9;
                }
            }
            else
            {
                m = x[i];
                Array.Clear(dm);
                dm[i] = 1;
            }
        }

        return dm;
    }

    /// <summary>The index of the first largest element.</summary>
    private static int ArgMax(double[] values)
    {
        int k = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[k])
            {
                k = i;
            }
        }

        return k;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cases.

    internal const int RowColumns = 3;

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        // The maximum first (the branch never runs), in the middle, last.
        yield return LoopCase.Vector(nameof(MaxSquared), p => MaxSquared(p), p => MaxSquaredGradient(p), p => MaxSquaredValueAndGradient(p),
            (p, seed, a) => MaxSquaredPullback(p, seed, a), MaxSquaredAnalytic,
            [2.0, 0.5, -1.0, 1.2], [0.3, 1.5, -0.2, 0.9], [0.1, -0.5, 0.4, 2.5]) with { Pushforward = (p, tangent) => MaxSquaredPushforward(p, tangent) };

        // w = 0.7 keeps x[1] * w = -0.84; w = -0.8 keeps x[3] * w = -0.88 (next: -0.72).
        yield return LoopCase.VectorScalar(nameof(MinScaled), ("x", 4, "w"), MinScaled, MinScaledGradient,
            (x, w) => MinScaledValueAndGradient(x, w), (double[] x, double w, double seed, Span<double> dx, ref double dw) => MinScaledPullback(x, w, seed, dx, ref dw),
            MinScaledAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.7], [0.5, -1.2, 0.9, 1.1, -0.8]) with { Pushforward = (p, tangent) => MinScaledPushforward(p[..4], p[4], tangent.AsSpan(0, 4), tangent[4]) };

        // The last match is element 2, none, element 3.
        yield return LoopCase.Vector(nameof(LastAbove), LastAbove, LastAboveGradient, p => LastAboveValueAndGradient(p),
            (p, seed, a) => LastAbovePullback(p, seed, a), LastAboveAnalytic,
            [0.9, 0.1, 1.2, 0.2], [0.1, 0.2, -0.3, 0.3], [0.7, 0.1, -0.2, 1.0]) with { Pushforward = (p, tangent) => LastAbovePushforward(p, tangent) };

        // Kept: element 2; the value before the loop (no write); element 3 after element 0.
        yield return LoopCase.Vector(nameof(MaxAfterUse), MaxAfterUse, MaxAfterUseGradient, p => MaxAfterUseValueAndGradient(p),
            (p, seed, a) => MaxAfterUsePullback(p, seed, a), MaxAfterUseAnalytic,
            [0.5, 0.4, 1.2, -0.3], [1.5, 1.4, 0.3, 0.2], [0.9, 0.8, -0.5, 1.1]) with { Pushforward = (p, tangent) => MaxAfterUsePushforward(p, tangent) };

        // The last write is a maximum (0.3 after the reset at -1.5), then a reset (-0.75 at the end).
        yield return LoopCase.Vector(nameof(MaxOrReset), MaxOrReset, MaxOrResetGradient, p => MaxOrResetValueAndGradient(p),
            (p, seed, a) => MaxOrResetPullback(p, seed, a), MaxOrResetAnalytic,
            [0.5, 1.2, -1.5, 0.3], [0.5, 1.2, 0.3, -1.5]) with { Pushforward = (p, tangent) => MaxOrResetPushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(MaxOfSquares), MaxOfSquares, MaxOfSquaresGradient, p => MaxOfSquaresValueAndGradient(p),
            (p, seed, a) => MaxOfSquaresPullback(p, seed, a), MaxOfSquaresAnalytic,
            [0.5, -1.2, 0.9, 1.0], [1.5, 0.1, -2.0, 0.6]) with { Pushforward = (p, tangent) => MaxOfSquaresPushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(SumOfRowMaxima), p => SumOfRowMaxima(p, RowColumns), p => SumOfRowMaximaGradient(p, RowColumns),
            p => SumOfRowMaximaValueAndGradient(p, RowColumns), (p, seed, a) => SumOfRowMaximaPullback(p, RowColumns, seed, a),
            p => SumOfRowMaximaAnalytic(p, RowColumns),
            [0.5, -1.2, 0.9, 1.1, 0.3, -0.4], [2.0, 0.1, -0.3, -1.0, -1.5, 0.8]) with { Pushforward = (p, tangent) => SumOfRowMaximaPushforward(p, RowColumns, tangent) };

        // The maximum first, in the middle, last.
        yield return LoopCase.Vector(nameof(MaxCallSquared), p => MaxCallSquared(p), p => MaxCallSquaredGradient(p),
            p => MaxCallSquaredValueAndGradient(p), (p, seed, a) => MaxCallSquaredPullback(p, seed, a), MaxCallSquaredAnalytic,
            [2.0, 0.5, -1.0, 1.2], [0.3, 1.5, -0.2, 0.9], [0.1, -0.5, 0.4, 2.5]) with { Pushforward = (p, tangent) => MaxCallSquaredPushforward(p, tangent) };

        // w = 0.7 keeps x[1]; w = -0.8 keeps x[3]; the first element kept when it is the smallest (w = 1.5, x[0] = -2).
        yield return LoopCase.VectorScalar(nameof(MinCallScaled), ("x", 4, "w"), MinCallScaled, MinCallScaledGradient,
            (x, w) => MinCallScaledValueAndGradient(x, w), (double[] x, double w, double seed, Span<double> dx, ref double dw) => MinCallScaledPullback(x, w, seed, dx, ref dw),
            MinCallScaledAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.7], [0.5, -1.2, 0.9, 1.1, -0.8], [-2.0, -1.2, 0.9, 1.1, 1.5]) with { Pushforward = (p, tangent) => MinCallScaledPushforward(p[..4], p[4], tangent.AsSpan(0, 4), tangent[4]) };

        yield return LoopCase.Vector(nameof(MaxFromTheEnd), MaxFromTheEnd, MaxFromTheEndGradient, p => MaxFromTheEndValueAndGradient(p),
            (p, seed, a) => MaxFromTheEndPullback(p, seed, a), MaxFromTheEndAnalytic,
            [2.0, 0.5, -1.0, 1.2], [0.3, 1.5, -0.2, 0.9], [0.1, -0.5, 0.4, 2.5]) with { Pushforward = (p, tangent) => MaxFromTheEndPushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(MaxLongCounter), MaxLongCounter, MaxLongCounterGradient, p => MaxLongCounterValueAndGradient(p),
            (p, seed, a) => MaxLongCounterPullback(p, seed, a), MaxLongCounterAnalytic,
            [0.5, -1.4, 0.9, 1.1], [1.5, 0.1, -2.0, 0.6]) with { Pushforward = (p, tangent) => MaxLongCounterPushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(LogSumExp), p => LogSumExp(p), p => LogSumExpGradient(p), p => LogSumExpValueAndGradient(p),
            (p, seed, a) => LogSumExpPullback(p, seed, a), LogSumExpAnalytic,
            [0.5, -1.2, 0.9, 1.1], [3.0, 0.1, -2.0, 0.6]) with { Pushforward = (p, tangent) => LogSumExpPushforward(p, tangent) };

        // The decayed maximum wins at 1.2 (0.9 * 1.2 = 1.08 against 0.2 and -0.4), at 2.0 after 0.5 and 0.3.
        yield return LoopCase.Vector(nameof(DecayingMax), DecayingMax, DecayingMaxGradient, p => DecayingMaxValueAndGradient(p),
            (p, seed, a) => DecayingMaxPullback(p, seed, a), DecayingMaxAnalytic,
            [0.5, 1.2, 0.2, -0.4], [0.5, 0.3, 2.0, 1.0]) with { Pushforward = (p, tangent) => DecayingMaxPushforward(p, tangent) };

        // Scanned (maximum at 1, at 2) and skipped (the first element, though 2.2 is larger).
        yield return LoopCase.Vector(nameof(MaxUnlessLarge), p => MaxUnlessLarge(p), p => MaxUnlessLargeGradient(p), p => MaxUnlessLargeValueAndGradient(p),
            (p, seed, a) => MaxUnlessLargePullback(p, seed, a), MaxUnlessLargeAnalytic,
            [0.3, 1.1, -0.4], [1.5, 2.2, 0.1], [0.1, -0.5, 0.6]) with { Pushforward = (p, tangent) => MaxUnlessLargePushforward(p, tangent) };
    }
}
