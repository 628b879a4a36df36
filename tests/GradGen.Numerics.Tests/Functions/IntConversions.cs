using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>A differentiable value converted to int to pick a bucket or count steps: the conversion is a step (GG1001
/// warns), its derivative zero, and the gradient flows through everything else.</summary>
public static partial class IntConversions
{
    private static readonly double[] Slopes = [0.5, 2.0, -1.0, 3.0];
    private static readonly double[] Offsets = [0.0, -0.75, 1.5, -2.0];

#pragma warning disable GG1001 // the buckets are steps on purpose
    [Differentiable(Forward = true)]
    public static double Calibrate(double x, [NoDerivative] double[] slopes, [NoDerivative] double[] offsets)
    {
        int bucket = (int)Math.Clamp(x * 2, 0, slopes.Length - 1);
        long steps = (long)(x * 3);
        return slopes[bucket] * x + offsets[bucket] + Math.Pow(x, (int)(x + 2)) + steps;
    }
#pragma warning restore GG1001

    public static double CalibrateAnalytic(double x, double[] slopes, double[] offsets)
    {
        int bucket = (int)Math.Clamp(x * 2, 0, slopes.Length - 1);
        int n = (int)(x + 2);
        return slopes[bucket] + n * Math.Pow(x, n - 1);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D1(nameof(Calibrate), ["x"], x => Calibrate(x, Slopes, Offsets), x => CalibrateGradient(x, Slopes, Offsets),
            x => CalibrateValueAndGradient(x, Slopes, Offsets), (double x, double s, ref double ax) => CalibratePullback(x, Slopes, Offsets, s, ref ax),
            x => CalibrateAnalytic(x, Slopes, Offsets), 0.3, 0.9, 1.2, 1.7) with { Pushforward = (p, tangent) => CalibratePushforward(p[0], Slopes, Offsets, tangent[0]) };
    }
}
