using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests;

/// <summary>
/// Every [Differentiable] float function at every one of its points, against its double-precision analogue.
/// </summary>
/// <remarks>
/// Finite differences taken in float would be useless here: with eps_f = 6e-8 the best central difference is good to
/// only ~eps_f^(2/3) ~ 1e-5 relative, and much worse on larger values. So the reference is the double analogue of
/// the function (same formula in double and Math), differenced in double at the float point widened exactly to double:
/// that is the true derivative of the float function's formula to ~1e-9. What remains is the float gradient's own
/// rounding error: a few ulps of float (1.2e-7) per operation, times the conditioning of the point, and the
/// differences between float and double literals (0.1f vs 0.1, MathF.PI vs Math.PI: ~1e-8 relative). 1e-5 relative to
/// max(|partial|, 1, |f|, |gradient|) leaves room for a few dozen ulps while still catching any wrong rule (which is
/// off by O(1)).
/// </remarks>
public sealed class FloatGradientTests
{
    public const double AnalyticTolerance = 1e-5;

    public const double FiniteDifferenceTolerance = 2e-5;

    public static TheoryData<string, int> Points()
    {
        var data = new TheoryData<string, int>();
        foreach (FloatCase c in Registry.FloatCaseList)
        {
            for (int i = 0; i < c.Points.Length; i++)
            {
                data.Add(c.Name, i);
            }
        }

        return data;
    }

    private static double[] Widen(float[] v) => v.Select(f => (double)f).ToArray();

    [Theory]
    [MemberData(nameof(Points))]
    public void GradientMatchesAnalytic(string function, int point)
    {
        FloatCase c = Registry.Floats[function];
        float[] x = c.Points[point];
        double[] wide = Widen(x);
        double[] analytic = c.Analytic(wide);
        double scale = Tolerance.Scale(c.Reference(wide), analytic);

        Tolerance.Close(function, "FGradient vs analytic", c.Parameters, wide, analytic, Widen(c.Gradient(x)),
            AnalyticTolerance, scale);
        Tolerance.Close(function, "FValueAndGradient().Gradient vs analytic", c.Parameters, wide, analytic,
            Widen(c.ValueAndGradient(x).Gradient), AnalyticTolerance, scale);

        float[] adjoints = new float[x.Length];
        c.Pullback(x, 1.0f, adjoints);
        Tolerance.Close(function, "FPullback(seed 1, zero adjoints) vs analytic", c.Parameters, wide, analytic,
            Widen(adjoints), AnalyticTolerance, scale);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void GradientMatchesFiniteDifferences(string function, int point)
    {
        FloatCase c = Registry.Floats[function];
        float[] x = c.Points[point];
        double[] wide = Widen(x);
        double[] fd = FiniteDifference.Gradient(c.TargetAt(wide), wide);
        double scale = Tolerance.Scale(c.Reference(wide), fd);

        // The double analogue must be the same function as the float one: compare the values first.
        Tolerance.Close(function, "value vs double analogue", ["f"], wide, [c.Reference(wide)], [c.Value(x)],
            AnalyticTolerance, Math.Max(1, Math.Abs(c.Reference(wide))));
        Tolerance.Close(function, "FGradient vs finite differences of the double analogue", c.Parameters, wide, fd,
            Widen(c.Gradient(x)), FiniteDifferenceTolerance, scale);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ValueIsBitIdentical(string function, int point)
    {
        FloatCase c = Registry.Floats[function];
        float[] x = c.Points[point];
        float expected = c.Value(x);

        Tolerance.BitIdentical(function, "FValueAndGradient().Value vs F()", c.Parameters, x, expected, c.ValueAndGradient(x).Value);
        Tolerance.BitIdentical(function, "FPullback() return vs F()", c.Parameters, x, expected,
            c.Pullback(x, 1.0f, new float[x.Length]));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void PullbackAccumulates(string function, int point)
    {
        FloatCase c = Registry.Floats[function];
        float[] x = c.Points[point];
        double[] wide = Widen(x);
        float[] gradient = c.Gradient(x);
        float value = c.Value(x);
        const float seed = -1.5f;
        float[] start = Enumerable.Range(0, x.Length).Select(i => 0.375f - 1.25f * i).ToArray(); // non-zero, distinct

        float[] adjoints = (float[])start.Clone();
        float returned = c.Pullback(x, seed, adjoints);
        Tolerance.BitIdentical(function, "FPullback() return vs F()", c.Parameters, x, value, returned);
        double[] once = start.Select((a, i) => a + (double)seed * gradient[i]).ToArray();
        Tolerance.Close(function, $"adjoints after one pullback, start [{string.Join(", ", start)}], seed {seed}",
            c.Parameters, wide, once, Widen(adjoints), AnalyticTolerance,
            Tolerance.Scale(1, once.Concat(Widen(start)).Select(Math.Abs).ToArray()));

        c.Pullback(x, seed, adjoints);
        double[] twice = start.Select((a, i) => a + 2.0 * seed * gradient[i]).ToArray();
        Tolerance.Close(function, "adjoints after two pullbacks", c.Parameters, wide, twice, Widen(adjoints), AnalyticTolerance,
            Tolerance.Scale(1, twice.Concat(Widen(start)).Select(Math.Abs).ToArray()));

        float[] unchanged = (float[])start.Clone();
        c.Pullback(x, 0.0f, unchanged);
        for (int i = 0; i < start.Length; i++)
        {
            Tolerance.BitIdentical(function, $"adjoint of {c.Parameters[i]} after a pullback with seed 0", c.Parameters, x,
                start[i], unchanged[i]);
        }
    }
}
