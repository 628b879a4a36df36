using Xunit;
using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests;

/// <summary>
/// Every [Differentiable] double function at every one of its points: the generated gradient against the analytic
/// one and against finite differences, the value's bits, and the accumulation of the pullback.
/// </summary>
public sealed class DoubleGradientTests
{
    /// <summary>
    /// Generated vs analytic. Both are the exact derivative evaluated with a few roundings each; they differ by a few
    /// ulps of the terms they add, so 1e-12 relative to max(|partial|, 1, |f|, |gradient|) is tight yet safe.
    /// </summary>
    public const double AnalyticTolerance = 1e-12;

    /// <summary>Generated vs finite differences (good to ~1e-9, see <see cref="FiniteDifference"/>).</summary>
    public const double FiniteDifferenceTolerance = 1e-6;

    public static TheoryData<string, int> Points()
    {
        var data = new TheoryData<string, int>();
        foreach (DoubleCase c in Registry.DoubleCaseList)
        {
            for (int i = 0; i < c.Points.Length; i++)
            {
                data.Add(c.Name, i);
            }
        }

        return data;
    }

    /// <summary>The points of <see cref="Points"/> except those on a branch boundary (see <see cref="DoubleCase.PointsOnABoundary"/>).</summary>
    public static TheoryData<string, int> SmoothPoints()
    {
        var data = new TheoryData<string, int>();
        foreach (DoubleCase c in Registry.DoubleCaseList)
        {
            for (int i = 0; i < c.Points.Length; i++)
            {
                if (!c.PointsOnABoundary.Contains(i))
                {
                    data.Add(c.Name, i);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void GradientMatchesAnalytic(string function, int point)
    {
        DoubleCase c = Registry.Doubles[function];
        double[] x = c.Points[point];
        double[] analytic = c.Analytic(x);
        double scale = Tolerance.Scale(c.Value(x), analytic);

        Tolerance.Close(function, "FGradient vs analytic", c.Parameters, x, analytic, c.Gradient(x), AnalyticTolerance, scale);
        Tolerance.Close(function, "FValueAndGradient().Gradient vs analytic", c.Parameters, x, analytic,
            c.ValueAndGradient(x).Gradient, AnalyticTolerance, scale);

        double[] adjoints = new double[x.Length];
        c.Pullback(x, 1.0, adjoints);
        Tolerance.Close(function, "FPullback(seed 1, zero adjoints) vs analytic", c.Parameters, x, analytic, adjoints,
            AnalyticTolerance, scale);
    }

    [Theory]
    [MemberData(nameof(SmoothPoints))]
    public void GradientMatchesFiniteDifferences(string function, int point)
    {
        DoubleCase c = Registry.Doubles[function];
        double[] x = c.Points[point];
        double[] fd = FiniteDifference.Gradient(c.TargetAt(x), x);
        double scale = Tolerance.Scale(c.Value(x), fd);

        // The analytic gradient is written by hand: check it too, so that a mistake in it is reported as such.
        Tolerance.Close(function, "analytic (hand-written) vs finite differences", c.Parameters, x, fd, c.Analytic(x),
            FiniteDifferenceTolerance, scale);
        Tolerance.Close(function, "FGradient vs finite differences", c.Parameters, x, fd, c.Gradient(x),
            FiniteDifferenceTolerance, scale);
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void ValueIsBitIdentical(string function, int point)
    {
        DoubleCase c = Registry.Doubles[function];
        double[] x = c.Points[point];
        double expected = c.Value(x);

        Tolerance.BitIdentical(function, "FValueAndGradient().Value vs F()", c.Parameters, x, expected, c.ValueAndGradient(x).Value);
        Tolerance.BitIdentical(function, "FPullback() return vs F()", c.Parameters, x, expected,
            c.Pullback(x, 1.0, new double[x.Length]));
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void PullbackAccumulates(string function, int point)
    {
        DoubleCase c = Registry.Doubles[function];
        double[] x = c.Points[point];
        double[] gradient = c.Gradient(x);
        double value = c.Value(x);
        const double seed = -1.5;
        double[] start = Enumerable.Range(0, x.Length).Select(i => 0.375 - 1.25 * i).ToArray(); // non-zero, distinct

        double[] adjoints = (double[])start.Clone();
        double returned = c.Pullback(x, seed, adjoints);
        Tolerance.BitIdentical(function, "FPullback() return vs F()", c.Parameters, x, value, returned);
        double[] once = start.Select((a, i) => a + seed * gradient[i]).ToArray();
        double scale = Tolerance.Scale(1, once.Concat(start).Select(Math.Abs).ToArray());
        Tolerance.Close(function, $"adjoints after one pullback, start [{string.Join(", ", start)}], seed {seed}",
            c.Parameters, x, once, adjoints, AnalyticTolerance, scale);

        // A second call adds again.
        c.Pullback(x, seed, adjoints);
        double[] twice = start.Select((a, i) => a + 2 * seed * gradient[i]).ToArray();
        Tolerance.Close(function, "adjoints after two pullbacks", c.Parameters, x, twice, adjoints, AnalyticTolerance,
            Tolerance.Scale(1, twice.Concat(start).Select(Math.Abs).ToArray()));

        // Seed 0 adds (signed) zeros: the adjoints keep their exact bits.
        double[] unchanged = (double[])start.Clone();
        c.Pullback(x, 0.0, unchanged);
        for (int i = 0; i < start.Length; i++)
        {
            Tolerance.BitIdentical(function, $"adjoint of {c.Parameters[i]} after a pullback with seed 0", c.Parameters, x,
                start[i], unchanged[i]);
        }
    }
}
