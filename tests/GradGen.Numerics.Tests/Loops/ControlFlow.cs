using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// Each control-flow construct on its own: nested if/else, ?: on active values, logical operators on active and
/// passive values, early returns from a loop and from nested loops, while loops whose trip count depends on data or
/// on an active value, do/while, break, continue and a triangular nested loop.
/// </summary>
/// <remarks>
/// The gradient of a branch is the gradient of the branch taken, so every point below lies inside one region, at
/// least ~1e-2 away from every branch boundary, where the finite-difference steps (~2.4e-4 times max(1, |x|)) cannot
/// straddle it. The comments at each case give the regions its points visit.
/// </remarks>
public static partial class ControlFlow
{
#pragma warning disable GG1002 // On purpose, in this whole region: these functions test branches on active values.

    [Differentiable(Forward = true)]
    public static double NestedIf(double x, double y)
    {
        double r;
        if (x > 0)
        {
            if (y > x)
            {
                r = x * y;
            }
            else
            {
                r = Math.Sin(x) + y;
            }
        }
        else
        {
            if (y > 1)
            {
                r = x * x * y;
            }
            else if (y < -1)
            {
                r = Math.Exp(x) - y;
            }
            else
            {
                r = x - y * y * y;
            }
        }

        return 2 * r;
    }

    public static (double, double) NestedIfAnalytic(double x, double y)
    {
        (double dx, double dy) = x > 0
            ? (y > x ? (y, x) : (Math.Cos(x), 1.0))
            : (y > 1 ? (2 * x * y, x * x) : y < -1 ? (Math.Exp(x), -1.0) : (1.0, -3 * y * y));
        return (2 * dx, 2 * dy);
    }

    // ?: nested in ?:, on active values, inside larger expressions.
    [Differentiable(Forward = true)]
    public static double Conditionals(double x, double y) =>
        (x > y ? (x * y > 1 ? Math.Log(x * y) : x - y * y) : Math.Sin(x) * y) + (y > 0 ? y : -0.5 * y);

    public static (double, double) ConditionalsAnalytic(double x, double y)
    {
        (double dx, double dy) = x > y
            ? (x * y > 1 ? (1 / x, 1 / y) : (1.0, -2 * y))
            : (Math.Cos(x) * y, Math.Sin(x));
        return (dx, dy + (y > 0 ? 1 : -0.5));
    }

    // &&, ||, ! and != on comparisons of active values (x, y) and passive ones (mode, limit), and a bool local.
    [Differentiable(Forward = true)]
    public static double Logical(double x, double y, int mode, [NoDerivative] double limit)
    {
        double r = 0;
        if (x > 0 && y > 0)
        {
            r += x * y;
        }

        if (x < -1 || y > 2)
        {
            r += x - y;
        }

        if (!(x > y) && mode > 0)
        {
            r += Math.Exp(x - y);
        }

        bool far = x * x + y * y > limit;
        if (far != (mode == 2))
        {
            r += Math.Sin(x);
        }
        else
        {
            r += Math.Cos(y);
        }

        if (limit > 1 && mode != 0)
        {
            r += x * x;
        }

        return r;
    }

    public static (double, double) LogicalAnalytic(double x, double y, int mode, double limit)
    {
        double dx = 0, dy = 0;
        if (x > 0 && y > 0)
        {
            dx += y;
            dy += x;
        }

        if (x < -1 || y > 2)
        {
            dx += 1;
            dy -= 1;
        }

        if (x <= y && mode > 0)
        {
            dx += Math.Exp(x - y);
            dy -= Math.Exp(x - y);
        }

        if ((x * x + y * y > limit) != (mode == 2))
        {
            dx += Math.Cos(x);
        }
        else
        {
            dy -= Math.Sin(y);
        }

        if (limit > 1 && mode != 0)
        {
            dx += 2 * x;
        }

        return (dx, dy);
    }

    // An early return from inside a loop, on an active running sum.
    [Differentiable(Forward = true)]
    public static double EarlyReturn(double[] x, [NoDerivative] double limit)
    {
        double acc = 0;
        for (int i = 0; i < x.Length; i++)
        {
            acc += x[i] * x[i];
            if (acc > limit)
            {
                return Math.Sqrt(acc) * (i + 1);
            }
        }

        return -acc;
    }

    public static double[] EarlyReturnAnalytic(double[] x, double limit)
    {
        double acc = 0;
        for (int i = 0; i < x.Length; i++)
        {
            acc += x[i] * x[i];
            if (acc > limit)
            {
                double[] g = new double[x.Length];
                for (int j = 0; j <= i; j++)
                {
                    g[j] = (i + 1) * x[j] / Math.Sqrt(acc);
                }

                return g;
            }
        }

        return x.Select(v => -2 * v).ToArray();
    }

    // An early return from the inner one of two nested loops.
    [Differentiable(Forward = true)]
    public static double EarlyReturnNested(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                s += x[i] * Math.Sin(x[j]);
                if (s > 2)
                {
                    return s * x[j];
                }
            }
        }

        return s;
    }

    public static double[] EarlyReturnNestedAnalytic(double[] x)
    {
        int n = x.Length;
        double s = 0;
        double[] ds = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s += x[i] * Math.Sin(x[j]);
                ds[i] += Math.Sin(x[j]);
                ds[j] += x[i] * Math.Cos(x[j]);
                if (s > 2)
                {
                    double[] g = ds.Select(d => d * x[j]).ToArray();
                    g[j] += s;
                    return g;
                }
            }
        }

        return ds;
    }

    // A while loop whose trip count depends on the data (the first non-positive element stops it), overwriting an
    // active accumulator non-linearly.
    [Differentiable(Forward = true)]
    public static double WhileData(double x, [NoDerivative] ReadOnlySpan<double> data)
    {
        double acc = x;
        int i = 0;
        while (i < data.Length && data[i] > 0)
        {
            acc = acc * data[i] + Math.Sin(acc);
            i++;
        }

        return acc;
    }

    public static double WhileDataAnalytic(double x, double[] data)
    {
        double acc = x, derivative = 1;
        for (int i = 0; i < data.Length && data[i] > 0; i++)
        {
            derivative *= data[i] + Math.Cos(acc);
            acc = acc * data[i] + Math.Sin(acc);
        }

        return derivative;
    }

    // A while loop whose trip count depends on an active value: halve until below 1, summing sines on the way.
    [Differentiable(Forward = true)]
    public static double WhileHalving(double x)
    {
        double y = x;
        double s = 0;
        while (y >= 1)
        {
            y *= 0.5;
            s += Math.Sin(y);
        }

        return s + y * y;
    }

    // y_k = x / 2^k for k = 1..K: f = sum sin(y_k) + y_K^2.
    public static double WhileHalvingAnalytic(double x)
    {
        double y = x, scale = 1, d = 0;
        while (y >= 1)
        {
            y *= 0.5;
            scale *= 0.5;
            d += Math.Cos(y) * scale;
        }

        return d + 2 * y * scale;
    }

    // do/while: the body runs at least once; the trip count depends on the active value (or hits the cap of 20).
    [Differentiable(Forward = true)]
    public static double DoWhile(double x)
    {
        double y = x;
        int k = 0;
        do
        {
            y = y * y + 0.1 * y;
            k++;
        }
        while (y < 10 && k < 20);

        return y / k;
    }

    public static double DoWhileAnalytic(double x)
    {
        double y = x, derivative = 1;
        int k = 0;
        do
        {
            derivative *= 2 * y + 0.1;
            y = y * y + 0.1 * y;
            k++;
        }
        while (y < 10 && k < 20);

        return derivative / k;
    }

    // break on an active element or an active running sum.
    [Differentiable(Forward = true)]
    public static double Break(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0 || s > 5)
            {
                break;
            }

            s += Math.Sqrt(x[i]) * (i + 1);
        }

        return s * s;
    }

    public static double[] BreakAnalytic(double[] x)
    {
        double s = 0;
        int count = 0;
        while (count < x.Length && x[count] >= 0 && s <= 5)
        {
            s += Math.Sqrt(x[count]) * (count + 1);
            count++;
        }

        double[] g = new double[x.Length];
        for (int i = 0; i < count; i++)
        {
            g[i] = 2 * s * (i + 1) / (2 * Math.Sqrt(x[i]));
        }

        return g;
    }

    // continue on a passive condition (the index) and on an active one; s is overwritten non-linearly.
    [Differentiable(Forward = true)]
    public static double Continue(double[] x)
    {
        double s = 1;
        for (int i = 0; i < x.Length; i++)
        {
            if (i % 3 == 1)
            {
                continue;
            }

            if (x[i] * x[i] > 4)
            {
                continue;
            }

            s = s * Math.Exp(0.5 * x[i]) + x[i];
        }

        return s;
    }

    // Forward mode by hand: the gradient of s, carried through the loop.
    public static double[] ContinueAnalytic(double[] x)
    {
        double s = 1;
        double[] ds = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            if (i % 3 == 1 || Math.Abs(x[i]) > 2)
            {
                continue;
            }

            double e = Math.Exp(0.5 * x[i]);
            for (int j = 0; j < x.Length; j++)
            {
                ds[j] *= e;
            }

            ds[i] += 0.5 * s * e + 1;
            s = s * e + x[i];
        }

        return ds;
    }

#pragma warning restore GG1002

    // Nested loops with a triangular bound (j < i).
    [Differentiable(Forward = true)]
    public static double Triangular(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                s += Math.Sin(x[i] - x[j]) * x[j];
            }
        }

        return s;
    }

    public static double[] TriangularAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double c = Math.Cos(x[i] - x[j]);
                g[i] += c * x[j];
                g[j] += -c * x[j] + Math.Sin(x[i] - x[j]);
            }
        }

        return g;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cases.

    internal const double EarlyReturnLimit = 3;

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        // One point in each of the five regions: (x > 0, y > x), (x > 0, y <= x), (x <= 0, y > 1), (x <= 0, y < -1),
        // (x <= 0, -1 <= y <= 1).
        yield return Case.D2(nameof(NestedIf), NestedIf, NestedIfGradient, NestedIfValueAndGradient, NestedIfPullback,
            NestedIfAnalytic, (0.5, 2.0), (1.5, -0.5), (-0.7, 2.5), (-1.2, -3.0), (-0.4, 0.3));

        // x > y with x y > 1 (2, 1), x > y with x y <= 1 (0.5, -3) and (3, 0.2), x <= y with y > 0 (-1, 0.5) and
        // y < 0 (-2, -1.5).
        yield return Case.D2(nameof(Conditionals), Conditionals, ConditionalsGradient, ConditionalsValueAndGradient,
            ConditionalsPullback, ConditionalsAnalytic, (2.0, 1.0), (0.5, -3.0), (3.0, 0.2), (-1.0, 0.5), (-2.0, -1.5));

        // mode 1, limit 4 and mode 2, limit 0.5: every condition is true at some point and false at another; every
        // point is at least 0.09 away from x = 0, y = 0, x = -1, y = 2, x = y and x^2 + y^2 = limit.
        foreach ((int mode, double limit, (double, double)[] points) in new[]
        {
            (1, 4.0, new[] { (0.5, 1.0), (-1.5, 2.5), (1.5, -0.5), (-0.5, -0.8), (2.5, 2.2) }),
            (2, 0.5, new[] { (0.5, 1.0), (0.2, 0.3), (-2.0, 3.0), (0.9, -1.4) }),
        })
        {
            yield return Case.D2($"{nameof(Logical)}(mode {mode}, limit {limit})", ["x", "y"],
                (x, y) => Logical(x, y, mode, limit),
                (x, y) => LogicalGradient(x, y, mode, limit),
                (x, y) => LogicalValueAndGradient(x, y, mode, limit),
                (double x, double y, double seed, ref double dx, ref double dy) => LogicalPullback(x, y, mode, limit, seed, ref dx, ref dy),
                (x, y) => LogicalAnalytic(x, y, mode, limit),
                points) with { Pushforward = (p, tangent) => LogicalPushforward(p[0], p[1], mode, limit, tangent[0], tangent[1]) };
        }

        // Running sums 0.25, 1.25, 3.5 (returns at i = 2); 0.01, 0.02, 0.06, 0.22 (never returns); 4 (returns at
        // i = 0); 1, 2.69, 2.70, 3.91 (returns at the last element). None within 0.2 of the limit 3.
        yield return LoopCase.Vector(nameof(EarlyReturn),
            p => EarlyReturn(p, EarlyReturnLimit),
            p => EarlyReturnGradient(p, EarlyReturnLimit),
            p => EarlyReturnValueAndGradient(p, EarlyReturnLimit),
            (p, seed, a) => EarlyReturnPullback(p, EarlyReturnLimit, seed, a),
            p => EarlyReturnAnalytic(p, EarlyReturnLimit),
            [0.5, 1.0, 1.5, 0.2], [0.1, 0.1, 0.2, 0.4], [2.0, -0.5, 1.0, 1.0], [-1.0, 1.3, 0.1, 1.1]) with { Pushforward = (p, tangent) => EarlyReturnPushforward(p, EarlyReturnLimit, tangent) };

        // Returns from the inner loop at (i, j) = (1, 1), (0, 1) and (2, 2), or not at all (the last point); the
        // running sum is at least 0.04 from 2 at every check (closest: 1.954 just before the return at (2, 2)).
        yield return LoopCase.Vector(nameof(EarlyReturnNested), EarlyReturnNested, EarlyReturnNestedGradient,
            p => EarlyReturnNestedValueAndGradient(p), (p, seed, a) => EarlyReturnNestedPullback(p, seed, a),
            EarlyReturnNestedAnalytic,
            [0.5, 1.0, 1.5], [1.5, 0.5, -0.3], [0.3, 0.4, 1.2], [0.2, 0.3, -0.1]) with { Pushforward = (p, tangent) => EarlyReturnNestedPushforward(p, tangent) };

        // Stops at the -1 after three iterations / runs to the end / stops at once.
        foreach ((string label, double[] data) in new[]
        {
            ("stops at a non-positive element", new[] { 0.5, 1.2, 0.8, -1.0, 2.0 }),
            ("runs to the end", new[] { 0.9, 0.7, 1.1 }),
            ("stops at once", new[] { 0.0, 3.0 }),
        })
        {
            yield return Case.D1($"{nameof(WhileData)}({label})", ["x"],
                x => WhileData(x, data),
                x => WhileDataGradient(x, data),
                x => WhileDataValueAndGradient(x, data),
                (double x, double seed, ref double dx) => WhileDataPullback(x, data, seed, ref dx),
                x => WhileDataAnalytic(x, data),
                0.3, -1.7, 2.5) with { Pushforward = (p, tangent) => WhileDataPushforward(p[0], data, tangent[0]) };
        }

        // 0, 2, 4 and 7 halvings; no point near a power of two (where the trip count changes).
        yield return Case.D1(nameof(WhileHalving), WhileHalving, WhileHalvingGradient, WhileHalvingValueAndGradient,
            WhileHalvingPullback, WhileHalvingAnalytic, 0.7, 3.3, 13.7, 100.3, -5.0);

        // 1.5: 2.4, 6.0, 36.6 (3 trips); -2: 3.8, 14.82 (2); 2.9: 8.7, 76.6 (2); 3.2: 10.56 (1); 0.5: shrinks to 0,
        // 20 trips (the cap). No iterate within 0.5 of 10.
        yield return Case.D1(nameof(DoWhile), DoWhile, DoWhileGradient, DoWhileValueAndGradient, DoWhilePullback,
            DoWhileAnalytic, 1.5, -2.0, 2.9, 3.2, 0.5);

        // Breaks at the negative element x[3] (s = 4.5 there), at s = 8.49 > 5 (i = 3), at s = 7.07 > 5 (i = 4), and
        // never (s <= 3.16 at every check). No s within 0.5 of 5 at a check.
        yield return LoopCase.Vector(nameof(Break), Break, BreakGradient, p => BreakValueAndGradient(p),
            (p, seed, a) => BreakPullback(p, seed, a), BreakAnalytic,
            [1, 1, 0.25, -1, 9], [2, 2, 2, 2, 2], [0.5, 0.5, 0.5, 0.5, 0.5], [0.1, 0.1, 0.1, 0.1, 0.1]) with { Pushforward = (p, tangent) => BreakPushforward(p, tangent) };

        // |x_i| at least 0.2 from 2 everywhere.
        yield return LoopCase.Vector(nameof(Continue), Continue, ContinueGradient, p => ContinueValueAndGradient(p),
            (p, seed, a) => ContinuePullback(p, seed, a), ContinueAnalytic,
            [0.5, 1, -1.5, 3, 0.2, -0.7], [-2.5, 0.3, 1.2, -0.4, 5, 1.8], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) with { Pushforward = (p, tangent) => ContinuePushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(Triangular), Triangular, TriangularGradient, p => TriangularValueAndGradient(p),
            (p, seed, a) => TriangularPullback(p, seed, a), TriangularAnalytic,
            [0.5, -1.0, 2.0, 0.3], [1.5, 1.4, -0.2, 3.0], [0, 0, 0, 0]) with { Pushforward = (p, tangent) => TriangularPushforward(p, tangent) };
    }
}
