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

    /// <summary>Int values on both sides of an operation whose real operand the gradient drops (x · sign / ++k with the seed
    /// 1): the derivative sign / k must still be computed in the real type, not as an integer division (it came out 0).</summary>
    [Differentiable(Forward = true)]
    public static double IntOperands(double x, [NoDerivative] double s)
    {
        int k = 1;
        double t = x * Math.Sign(s) / ++k;
        return t + x * x / k;
    }

    public static double IntOperandsAnalytic(double x, double s) => Math.Sign(s) / 2.0 + x;

    [Differentiable(Forward = true)]
    public static float IntOperandsF(float x, [NoDerivative] float s)
    {
        int k = 1;
        float t = x * MathF.Sign(s) / ++k;
        return t + x * x / k;
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F1(nameof(IntOperandsF), x => IntOperandsF(x, 1f), x => IntOperandsFGradient(x, 1f),
            x => IntOperandsFValueAndGradient(x, 1f), (float x, float seed, ref float ax) => IntOperandsFPullback(x, 1f, seed, ref ax),
            x => IntOperands(x, 1), x => IntOperandsAnalytic(x, 1), 1f, -0.75f, 2.5f) with { Pushforward = (p, tangent) => IntOperandsFPushforward(p[0], 1f, tangent[0]) };
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        foreach (double s in new[] { 1.0, -2.0 })
        {
            yield return Case.D1(nameof(IntOperands) + "(s=" + s + ")", ["x"], x => IntOperands(x, s), x => IntOperandsGradient(x, s),
                x => IntOperandsValueAndGradient(x, s), (double x, double seed, ref double ax) => IntOperandsPullback(x, s, seed, ref ax),
                x => IntOperandsAnalytic(x, s), 1.0, -0.75, 2.5) with { Pushforward = (p, tangent) => IntOperandsPushforward(p[0], s, tangent[0]) };
        }

        yield return Case.D1(nameof(Calibrate), ["x"], x => Calibrate(x, Slopes, Offsets), x => CalibrateGradient(x, Slopes, Offsets),
            x => CalibrateValueAndGradient(x, Slopes, Offsets), (double x, double s, ref double ax) => CalibratePullback(x, Slopes, Offsets, s, ref ax),
            x => CalibrateAnalytic(x, Slopes, Offsets), 0.3, 0.9, 1.2, 1.7) with { Pushforward = (p, tangent) => CalibratePushforward(p[0], Slopes, Offsets, tangent[0]) };
    }
}
