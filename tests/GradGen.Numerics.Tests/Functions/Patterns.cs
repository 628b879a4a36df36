using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

public enum Loss
{
    Squared,
    Absolute,
    Huber,
    LogCosh,
}

/// <summary>
/// Pattern matching as ML code writes it: switch statements and switch expressions on an enum, an int or the
/// value itself (relational patterns), <c>is</c> patterns with and/or/not, <c>when</c> guards. The gradient is the
/// gradient of the branch taken.
/// </summary>
public static partial class Patterns
{
    // A switch statement on an enum: one section per loss, two labels on one section, a default.
    [Differentiable(Forward = true)]
    public static double Penalty(double r, double delta, Loss kind)
    {
        double a = Math.Abs(r);
        double value;
        switch (kind)
        {
            case Loss.Squared:
                value = r * r;
                break;
            case Loss.Absolute:
                value = a;
                break;
            case Loss.Huber:
                if (a <= delta)
                {
                    value = 0.5 * r * r;
                }
                else
                {
                    value = delta * (a - 0.5 * delta);
                }

                break;
            default:
                return Math.Log(Math.Cosh(r)) * delta;
        }

        return value * delta;
    }

    public static (double, double) PenaltyAnalytic(double r, double delta, Loss kind)
    {
        double a = Math.Abs(r), s = Math.Sign(r);
        return kind switch
        {
            Loss.Squared => (2 * r * delta, r * r),
            Loss.Absolute => (s * delta, a),
            Loss.Huber => a <= delta ? (r * delta, 0.5 * r * r) : (delta * delta * s, 2 * delta * a - 1.5 * delta * delta),
            _ => (Math.Tanh(r) * delta, Math.Log(Math.Cosh(r))),
        };
    }

    // A switch expression on the value itself: relational patterns, and/or, a discard arm.
    [Differentiable(Forward = true)]
    public static double Piecewise(double x) => x switch
    {
        < -1 => -2 * x - 1,
        >= -1 and < 1 => x * x,
        > 5 or double.NaN => 25 + 10 * (x - 5),
        _ => 2 * x - 1,
    };

    public static double PiecewiseAnalytic(double x) => x < -1 ? -2 : x < 1 ? 2 * x : x > 5 ? 10 : 2;

    // A switch statement on an int with a pattern label and a when guard, a section ending in return, in a loop
    // with continue.
    [Differentiable(Forward = true)]
    public static double Layered(double[] w, int mode)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            switch (i % 3)
            {
                case 0 when mode > 1:
                    s += w[i] * w[i];
                    break;
                case 0:
                case 1:
                    s += Math.Sin(w[i]);
                    break;
                case > 1:
                    if (mode == 7) return s;
                    continue;
            }

            s *= 1.5;
        }

        return s;
    }

    public static double[] LayeredNumeric(double[] w, int mode)
    {
        // The analytic gradient by hand: s is scaled by 1.5 after each non-skipped element.
        int n = w.Length;
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (i % 3 == 2) continue;
            double d = i % 3 == 0 && mode > 1 ? 2 * w[i] : Math.Cos(w[i]);
            double scale = 1.5;
            for (int j = i + 1; j < n; j++) if (j % 3 != 2) scale *= 1.5;
            g[i] = d * scale;
        }

        return g;
    }

    // is patterns in conditions: not, and/or, on a differentiable value and on an int.
    [Differentiable(Forward = true)]
    public static double Gated(double x, double y, int k) =>
        (x is > 0 and not > 3 ? x * y : y) + (k is 1 or 2 ? Math.Exp(x) : 0.5 * y * y);

    public static (double, double) GatedAnalytic(double x, double y, int k)
    {
        bool inside = x > 0 && x <= 3, small = k is 1 or 2;
        return ((inside ? y : 0) + (small ? Math.Exp(x) : 0), (inside ? x : 1) + (small ? 0 : y));
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        foreach (Loss kind in Enum.GetValues<Loss>())
        {
            yield return Case.D2($"{nameof(Penalty)}({kind})", ["r", "delta"],
                (r, d) => Penalty(r, d, kind), (r, d) => PenaltyGradient(r, d, kind), (r, d) => PenaltyValueAndGradient(r, d, kind),
                (double r, double d, double s, ref double ar, ref double ad) => PenaltyPullback(r, d, kind, s, ref ar, ref ad),
                (r, d) => PenaltyAnalytic(r, d, kind), (0.5, 1.5), (-2.0, 1.0), (3.0, 0.7)) with { Pushforward = (p, tangent) => PenaltyPushforward(p[0], p[1], kind, tangent[0], tangent[1]) };
        }

        yield return Case.D1(nameof(Piecewise), Piecewise, PiecewiseGradient, PiecewiseValueAndGradient, PiecewisePullback, PiecewiseAnalytic,
            -3.0, -0.5, 0.3, 2.0, 7.0);
        foreach (int mode in new[] { 0, 2, 7 })
        {
            yield return new DoubleCase
            {
                Name = $"{nameof(Layered)}(mode={mode})",
                Parameters = ["w[0]", "w[1]", "w[2]", "w[3]", "w[4]"],
                Value = p => Layered(p, mode),
                Gradient = p => LayeredGradient(p, mode),
                ValueAndGradient = p => LayeredValueAndGradient(p, mode),
                Pullback = (p, seed, a) => LayeredPullback(p, mode, seed, a),
                Pushforward = (p, tangent) => LayeredPushforward(p, mode, tangent),
                Analytic = p => mode == 7 ? LayeredNumericUntilReturn(p) : LayeredNumeric(p, mode),
                Points = [[0.5, -1.0, 2.0, 0.1, 0.7], [1.5, 0.25, -0.7, 1.5, -0.3]],
            };
        }

        foreach (int k in new[] { 1, 3 })
        {
            yield return Case.D2($"{nameof(Gated)}(k={k})", ["x", "y"],
                (x, y) => Gated(x, y, k), (x, y) => GatedGradient(x, y, k), (x, y) => GatedValueAndGradient(x, y, k),
                (double x, double y, double s, ref double ax, ref double ay) => GatedPullback(x, y, k, s, ref ax, ref ay),
                (x, y) => GatedAnalytic(x, y, k), (0.5, 1.5), (-2.0, 1.0), (4.0, 0.7), (2.5, -1.0)) with { Pushforward = (p, tangent) => GatedPushforward(p[0], p[1], k, tangent[0], tangent[1]) };
        }
    }

    // mode 7: the loop returns at i = 2 (the first i % 3 == 2), after elements 0 and 1.
    private static double[] LayeredNumericUntilReturn(double[] w)
    {
        var g = new double[w.Length];
        g[0] = 2 * w[0] * 1.5 * 1.5; // case 0 when mode > 1
        g[1] = Math.Cos(w[1]) * 1.5;
        return g;
    }
}
