using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// Harder reassignment patterns: a value overwritten while the reverse sweep still needs the old one, a parameter
/// overwritten through Math calls, a swap, and compound assignments whose right side reads the target.
/// </summary>
public static partial class Reassignments
{
    [Differentiable(Forward = true)]
    public static double Chain(double x)
    {
        double t = Math.Exp(x);
        t = Math.Exp(t * 0.1);
        t = t * Math.Sqrt(t);
        return t;
    }

    // t1 = e^x, t2 = e^(0.1 t1), f = t2^1.5
    public static double ChainAnalytic(double x)
    {
        double t1 = Math.Exp(x);
        double t2 = Math.Exp(0.1 * t1);
        return 1.5 * Math.Sqrt(t2) * t2 * 0.1 * t1;
    }

    [Differentiable(Forward = true)]
    public static float ChainF(float x)
    {
        float t = MathF.Exp(x);
        t = MathF.Exp(t * 0.1f);
        t = t * MathF.Sqrt(t);
        return t;
    }

    [Differentiable(Forward = true)]
    public static double TanhTwice(double x)
    {
        x = Math.Tanh(x);
        x = Math.Tanh(x) * x;
        return x;
    }

    // a = tanh x, f = tanh(a) a
    public static double TanhTwiceAnalytic(double x)
    {
        double a = Math.Tanh(x);
        double ta = Math.Tanh(a);
        return ((1 - ta * ta) * a + ta) * (1 - a * a);
    }

    [Differentiable(Forward = true)]
    public static double Swap(double x, double y)
    {
        double a = x, b = y;
        double tmp = a;
        a = b;
        b = tmp;
        a *= 2;
        return a * a * b;
    }

    // f = (2y)^2 x
    public static (double, double) SwapAnalytic(double x, double y) => (4 * y * y, 8 * x * y);

    [Differentiable(Forward = true)]
    public static double SelfCompound(double x)
    {
        double t = x + 1;
        t *= t;
        t /= t + 1;
        t -= t * t;
        t += Math.Sin(t) * t;
        return t;
    }

    public static double SelfCompoundAnalytic(double x)
    {
        double t0 = x + 1, t1 = t0 * t0, t2 = t1 / (t1 + 1), t3 = t2 - t2 * t2;
        return (1 + Math.Cos(t3) * t3 + Math.Sin(t3)) * (1 - 2 * t2) / ((t1 + 1) * (t1 + 1)) * 2 * t0;
    }

    [Differentiable(Forward = true)]
    public static float SelfCompoundF(float x)
    {
        float t = x + 1;
        t *= t;
        t /= t + 1;
        t -= t * t;
        t += MathF.Sin(t) * t;
        return t;
    }

    [Differentiable(Forward = true)]
    public static double Overwrite(double x, double y)
    {
        double t = x * y;
        double u = t;
        t = Math.Cbrt(t);
        u = u * t;
        t = Math.Tan(u);
        return t + u;
    }

    // p = xy, u = p cbrt(p) = p^(4/3), f = tan u + u
    public static (double, double) OverwriteAnalytic(double x, double y)
    {
        double p = x * y;
        double u = p * Math.Cbrt(p);
        double c = Math.Cos(u);
        double k = (1 / (c * c) + 1) * 4.0 / 3.0 * Math.Cbrt(p);
        return (k * y, k * x);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D1(nameof(Chain), Chain, ChainGradient, ChainValueAndGradient, ChainPullback, ChainAnalytic,
            -1.0, 0.0, 0.7, 2.0);
        yield return Case.D1(nameof(TanhTwice), TanhTwice, TanhTwiceGradient, TanhTwiceValueAndGradient, TanhTwicePullback,
            TanhTwiceAnalytic, -1.0, 0.0, 0.7, 2.0);
        yield return Case.D2(nameof(Swap), Swap, SwapGradient, SwapValueAndGradient, SwapPullback, SwapAnalytic,
            (0.7, 1.3), (-2.0, 0.5), (3.0, -1.0));
        yield return Case.D1(nameof(SelfCompound), SelfCompound, SelfCompoundGradient, SelfCompoundValueAndGradient,
            SelfCompoundPullback, SelfCompoundAnalytic, -1.5, 0.0, 0.7, 2.0);
        yield return Case.D2(nameof(Overwrite), Overwrite, OverwriteGradient, OverwriteValueAndGradient, OverwritePullback,
            OverwriteAnalytic, (0.7, 1.3), (-0.6, 0.5), (1.0, -0.4));
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F1(nameof(ChainF), ChainF, ChainFGradient, ChainFValueAndGradient, ChainFPullback, Chain, ChainAnalytic,
            -1.0f, 0.0f, 0.7f, 2.0f);
        yield return Case.F1(nameof(SelfCompoundF), SelfCompoundF, SelfCompoundFGradient, SelfCompoundFValueAndGradient,
            SelfCompoundFPullback, SelfCompound, SelfCompoundAnalytic, -1.5f, 0.0f, 0.7f, 2.0f);
    }
}
