using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// The float twins of <see cref="Elementary"/>, written with MathF (and with the float overloads of Math for Abs, Max
/// and Min). Their analytic gradient is the double twin's.
/// </summary>
public static partial class ElementaryFloat
{
    [Differentiable(Forward = true)]
    public static float TrigF(float x, float y) => MathF.Sin(x) * MathF.Cos(y) + MathF.Tan(x * y);

    [Differentiable(Forward = true)]
    public static float InverseTrigF(float x, float y) => MathF.Asin(x) + 2 * MathF.Acos(y) + MathF.Atan(x * y);

    [Differentiable(Forward = true)]
    public static float Atan2F(float y, float x) => MathF.Atan2(y, x) + MathF.Atan2(x + 1, 2.0f);

    [Differentiable(Forward = true)]
    public static float HyperbolicF(float x, float y) => MathF.Sinh(x) * MathF.Cosh(y) - MathF.Tanh(x - y);

    [Differentiable(Forward = true)]
    public static float ExponentialF(float x, float y) => MathF.Exp(-x * x) * y + MathF.Exp(x + y);

    [Differentiable(Forward = true)]
    public static float LogarithmsF(float x, float y) => MathF.Log(x * y) + MathF.Log(x + 2, y);

    [Differentiable(Forward = true)]
    public static float Log10AndLog2F(float x, float y) => MathF.Log10(x) * MathF.Log2(y + x);

    [Differentiable(Forward = true)]
    public static float RootsF(float x, float y) => MathF.Sqrt(x * x + y * y) + MathF.Cbrt(x - 2 * y);

    [Differentiable(Forward = true)]
    public static float PowersF(float x, float y) => MathF.Pow(x, y) + MathF.Pow(y, 3) + MathF.Pow(2, x);

    [Differentiable(Forward = true)]
    public static float AbsoluteValueF(float x, float y) => MathF.Abs(x - y) * x + MathF.Abs(y);

    [Differentiable(Forward = true)]
    public static float MaxAndMinF(float x, float y) => MathF.Max(x, y) * 2 + MathF.Min(x * y, 1.5f);

    // The float overloads of System.Math (Math.Abs(float), Math.Max(float, float), Math.Min(float, float)).
    [Differentiable(Forward = true)]
    public static float MathOverloadsF(float x, float y) =>
        Math.Abs(x - y) * x + Math.Abs(y) + Math.Max(x, y) * 2 + Math.Min(x * y, 1.5f);

    [Differentiable(Forward = true)]
    public static float FusedMultiplyAddF(float x, float y, float z) =>
        MathF.FusedMultiplyAdd(x, y, z * z) - MathF.FusedMultiplyAdd(z, 0.5f, x);

#pragma warning disable GG1001 // On purpose: the steps' zero derivative is what this function tests.
    [Differentiable(Forward = true)]
    public static float StepsF(float x, float y) =>
        x * MathF.Floor(y) + MathF.Ceiling(x) * y + MathF.Round(x * y) + MathF.Truncate(y - x) * x + MathF.Sign(x) * y * y;
#pragma warning restore GG1001

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F2(nameof(TrigF), TrigF, TrigFGradient, TrigFValueAndGradient, TrigFPullback,
            Elementary.Trig, Elementary.TrigAnalytic, (0.5f, 1.0f), (-1.2f, 0.3f), (2.0f, -0.4f), (0.0f, 0.0f));
        yield return Case.F2(nameof(InverseTrigF), InverseTrigF, InverseTrigFGradient, InverseTrigFValueAndGradient,
            InverseTrigFPullback, Elementary.InverseTrig, Elementary.InverseTrigAnalytic,
            (0.5f, 0.25f), (-0.7f, 0.3f), (0.1f, -0.8f), (0.0f, 0.0f));
        yield return Case.F2(nameof(Atan2F), ["y", "x"], Atan2F, Atan2FGradient, Atan2FValueAndGradient, Atan2FPullback,
            Elementary.Atan2, Elementary.Atan2Analytic, (1.0f, 2.0f), (0.5f, -3.0f), (-2.0f, -0.5f), (0.0f, 1.0f));
        yield return Case.F2(nameof(HyperbolicF), HyperbolicF, HyperbolicFGradient, HyperbolicFValueAndGradient,
            HyperbolicFPullback, Elementary.Hyperbolic, Elementary.HyperbolicAnalytic, (0.5f, 1.0f), (-1.2f, 0.3f), (2.0f, -0.4f));
        yield return Case.F2(nameof(ExponentialF), ExponentialF, ExponentialFGradient, ExponentialFValueAndGradient,
            ExponentialFPullback, Elementary.Exponential, Elementary.ExponentialAnalytic, (0.5f, 1.0f), (-1.2f, 0.3f), (2.0f, -0.4f));
        yield return Case.F2(nameof(LogarithmsF), LogarithmsF, LogarithmsFGradient, LogarithmsFValueAndGradient,
            LogarithmsFPullback, Elementary.Logarithms, Elementary.LogarithmsAnalytic, (0.5f, 3.0f), (1.2f, 0.3f), (20.0f, 1.5f));
        yield return Case.F2(nameof(Log10AndLog2F), Log10AndLog2F, Log10AndLog2FGradient, Log10AndLog2FValueAndGradient,
            Log10AndLog2FPullback, Elementary.Log10AndLog2, Elementary.Log10AndLog2Analytic,
            (0.5f, 3.0f), (1.2f, -0.3f), (20.0f, 1.5f));
        yield return Case.F2(nameof(RootsF), RootsF, RootsFGradient, RootsFValueAndGradient, RootsFPullback,
            Elementary.Roots, Elementary.RootsAnalytic, (0.5f, 3.0f), (1.2f, -0.3f), (-2.0f, 1.5f));
        yield return Case.F2(nameof(PowersF), PowersF, PowersFGradient, PowersFValueAndGradient, PowersFPullback,
            Elementary.Powers, Elementary.PowersAnalytic, (0.5f, 3.0f), (1.2f, -0.3f), (2.0f, 1.5f));
        yield return Case.F2(nameof(AbsoluteValueF), AbsoluteValueF, AbsoluteValueFGradient, AbsoluteValueFValueAndGradient,
            AbsoluteValueFPullback, Elementary.AbsoluteValue, Elementary.AbsoluteValueAnalytic,
            (0.5f, 3.0f), (1.2f, -0.3f), (-2.0f, 1.5f));
        yield return Case.F2(nameof(MaxAndMinF), MaxAndMinF, MaxAndMinFGradient, MaxAndMinFValueAndGradient, MaxAndMinFPullback,
            Elementary.MaxAndMin, Elementary.MaxAndMinAnalytic, (0.5f, 2.0f), (1.2f, -0.3f), (-2.0f, 1.5f), (3.0f, 4.0f));
        yield return Case.F2(nameof(MathOverloadsF), MathOverloadsF, MathOverloadsFGradient, MathOverloadsFValueAndGradient,
            MathOverloadsFPullback,
            (x, y) => Elementary.AbsoluteValue(x, y) + Elementary.MaxAndMin(x, y),
            (x, y) =>
            {
                (double ax, double ay) = Elementary.AbsoluteValueAnalytic(x, y);
                (double mx, double my) = Elementary.MaxAndMinAnalytic(x, y);
                return (ax + mx, ay + my);
            },
            (0.5f, 2.0f), (1.2f, -0.3f), (-2.0f, 1.5f), (3.0f, 4.0f));
        yield return Case.F3(nameof(FusedMultiplyAddF), FusedMultiplyAddF, FusedMultiplyAddFGradient,
            FusedMultiplyAddFValueAndGradient, FusedMultiplyAddFPullback, Elementary.FusedMultiplyAdd,
            Elementary.FusedMultiplyAddAnalytic, (0.5f, 3.0f, -1.0f), (1.2f, -0.3f, 0.1f), (-2.0f, 1.5f, 7.0f));
        yield return Case.F2(nameof(StepsF), StepsF, StepsFGradient, StepsFValueAndGradient, StepsFPullback,
            Elementary.Steps, Elementary.StepsAnalytic, (0.3f, 2.7f), (-1.3f, 0.45f), (2.2f, -1.6f), (1.1f, 1.3f));
    }
}
