using CsCheck;
using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests;

/// <summary>
/// Smooth functions at pseudo-random points drawn by CsCheck from a fixed seed, so that every run checks the same
/// points. Each point is checked against the analytic gradient and finite differences, with the same tolerances as
/// the fixed points, and its value bits against the function's.
/// </summary>
public sealed class RandomPointTests
{
    /// <summary>The CsCheck seed of every sample: change it to explore other points, and keep it fixed in the suite.</summary>
    private const string Seed = "0N0XIzNsQ0O2";

    private const int PointsPerFunction = 40;

    /// <summary>Each function with a box inside its domain where it is smooth: (low, high) per coordinate.</summary>
    private static readonly Dictionary<string, (double Low, double High)[]> DoubleBoxes = new()
    {
        ["Trig"] = [(-1.2, 1.2), (-1.0, 1.0)],
        ["InverseTrig"] = [(-0.9, 0.9), (-0.9, 0.9)],
        ["Hyperbolic"] = [(-2, 2), (-2, 2)],
        ["Logarithms"] = [(0.1, 5), (1.2, 5)],
        ["Powers"] = [(0.2, 3), (-2, 3)],
        ["Locals"] = [(-2, 2), (-2, 2)],
        ["CompoundAssignment"] = [(-2, 2), (-2, 2)],
        ["Rosenbrock"] = [(-2, 2), (-1, 3)],
        ["Gaussian"] = [(-3, 3), (-1, 1), (0.3, 3)],
        ["Kitchen"] = [(-2, 2), (-2, 2)],
        ["Chain"] = [(-2, 2)],
        ["Bilinear"] = [(-3, 3), (-3, 3), (-3, 3), (-3, 3)],
    };

    private static readonly Dictionary<string, (double Low, double High)[]> FloatBoxes = new()
    {
        ["TrigF"] = [(-1.2, 1.2), (-1.0, 1.0)],
        ["SigmoidF"] = [(-6, 6)],
        ["GaussianF"] = [(-3, 3), (-1, 1), (0.3, 3)],
        ["KitchenF"] = [(-2, 2), (-2, 2)],
        ["RosenbrockF"] = [(-2, 2), (-1, 3)],
    };

    public static TheoryData<string> DoubleFunctions() => new(DoubleBoxes.Keys);

    public static TheoryData<string> FloatFunctions() => new(FloatBoxes.Keys);

    /// <summary>The same points on every run: CsCheck reproduces a sample exactly from its seed.</summary>
    private static double[][] Sample((double Low, double High)[] box)
    {
        Gen<double[]> point = Gen.Double.Unit.Array[box.Length]
            .Select(u => u.Select((t, i) => box[i].Low + (box[i].High - box[i].Low) * t).ToArray());
        return point.Array[PointsPerFunction].Single(_ => true, Seed);
    }

    [Fact]
    public void SamplesAreReproducible()
    {
        (double, double)[] box = [(-1, 1), (2, 3)];
        Assert.Equal(Sample(box), Sample(box));
        Assert.All(Sample(box), p => Assert.InRange(p[1], 2, 3));
    }

    [Theory]
    [MemberData(nameof(DoubleFunctions))]
    public void DoubleGradientAtRandomPoints(string function)
    {
        DoubleCase c = Registry.Doubles[function];
        foreach (double[] x in Sample(DoubleBoxes[function]))
        {
            double value = c.Value(x);
            double[] generated = c.Gradient(x);
            double[] analytic = c.Analytic(x);
            double[] fd = FiniteDifference.Gradient(c.TargetAt(x), x);
            Tolerance.Close(function, "FGradient vs analytic", c.Parameters, x, analytic, generated,
                DoubleGradientTests.AnalyticTolerance, Tolerance.Scale(value, analytic));
            Tolerance.Close(function, "FGradient vs finite differences", c.Parameters, x, fd, generated,
                DoubleGradientTests.FiniteDifferenceTolerance, Tolerance.Scale(value, fd));
            Tolerance.BitIdentical(function, "FValueAndGradient().Value vs F()", c.Parameters, x, value, c.ValueAndGradient(x).Value);
        }
    }

    [Theory]
    [MemberData(nameof(FloatFunctions))]
    public void FloatGradientAtRandomPoints(string function)
    {
        FloatCase c = Registry.Floats[function];
        foreach (double[] sample in Sample(FloatBoxes[function]))
        {
            float[] x = sample.Select(v => (float)v).ToArray();
            double[] wide = x.Select(v => (double)v).ToArray();
            double reference = c.Reference(wide);
            double[] generated = c.Gradient(x).Select(v => (double)v).ToArray();
            double[] analytic = c.Analytic(wide);
            double[] fd = FiniteDifference.Gradient(c.TargetAt(wide), wide);
            Tolerance.Close(function, "FGradient vs analytic", c.Parameters, wide, analytic, generated,
                FloatGradientTests.AnalyticTolerance, Tolerance.Scale(reference, analytic));
            Tolerance.Close(function, "FGradient vs finite differences of the double analogue", c.Parameters, wide, fd, generated,
                FloatGradientTests.FiniteDifferenceTolerance, Tolerance.Scale(reference, fd));
            Tolerance.BitIdentical(function, "FValueAndGradient().Value vs F()", c.Parameters, x, c.Value(x), c.ValueAndGradient(x).Value);
        }
    }
}
