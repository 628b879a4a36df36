using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>The System.Math functions GradGen knows, in double, each with its analytic gradient.</summary>
public static partial class Elementary
{
    [Differentiable(Forward = true)]
    public static double Trig(double x, double y) => Math.Sin(x) * Math.Cos(y) + Math.Tan(x * y);

    public static (double, double) TrigAnalytic(double x, double y)
    {
        double c = Math.Cos(x * y);
        double sec2 = 1 / (c * c);
        return (Math.Cos(x) * Math.Cos(y) + y * sec2, -Math.Sin(x) * Math.Sin(y) + x * sec2);
    }

    [Differentiable(Forward = true)]
    public static double InverseTrig(double x, double y) => Math.Asin(x) + 2 * Math.Acos(y) + Math.Atan(x * y);

    public static (double, double) InverseTrigAnalytic(double x, double y)
    {
        double d = 1 + x * x * y * y;
        return (1 / Math.Sqrt(1 - x * x) + y / d, -2 / Math.Sqrt(1 - y * y) + x / d);
    }

    // Atan2 with both arguments differentiable, and with a constant second argument. Parameters (y, x) as in Atan2.
    [Differentiable(Forward = true)]
    public static double Atan2(double y, double x) => Math.Atan2(y, x) + Math.Atan2(x + 1, 2.0);

    public static (double, double) Atan2Analytic(double y, double x)
    {
        double r2 = x * x + y * y;
        double u = x + 1;
        return (x / r2, -y / r2 + 2 / (4 + u * u));
    }

    [Differentiable(Forward = true)]
    public static double Hyperbolic(double x, double y) => Math.Sinh(x) * Math.Cosh(y) - Math.Tanh(x - y);

    public static (double, double) HyperbolicAnalytic(double x, double y)
    {
        double sech2 = 1 / (Math.Cosh(x - y) * Math.Cosh(x - y));
        return (Math.Cosh(x) * Math.Cosh(y) - sech2, Math.Sinh(x) * Math.Sinh(y) + sech2);
    }

    [Differentiable(Forward = true)]
    public static double Exponential(double x, double y) => Math.Exp(-x * x) * y + Math.Exp(x + y);

    public static (double, double) ExponentialAnalytic(double x, double y) =>
        (-2 * x * Math.Exp(-x * x) * y + Math.Exp(x + y), Math.Exp(-x * x) + Math.Exp(x + y));

    // Log with one argument and with two (a differentiable base).
    [Differentiable(Forward = true)]
    public static double Logarithms(double x, double y) => Math.Log(x * y) + Math.Log(x + 2, y);

    public static (double, double) LogarithmsAnalytic(double x, double y)
    {
        double lnY = Math.Log(y);
        return (1 / x + 1 / ((x + 2) * lnY), 1 / y - Math.Log(x + 2) / (y * lnY * lnY));
    }

    [Differentiable(Forward = true)]
    public static double Log10AndLog2(double x, double y) => Math.Log10(x) * Math.Log2(y + x);

    public static (double, double) Log10AndLog2Analytic(double x, double y)
    {
        double dLog2 = 1 / ((x + y) * Math.Log(2));
        return (Math.Log2(x + y) / (x * Math.Log(10)) + Math.Log10(x) * dLog2, Math.Log10(x) * dLog2);
    }

    [Differentiable(Forward = true)]
    public static double Roots(double x, double y) => Math.Sqrt(x * x + y * y) + Math.Cbrt(x - 2 * y);

    public static (double, double) RootsAnalytic(double x, double y)
    {
        double r = Math.Sqrt(x * x + y * y);
        double c = Math.Cbrt(x - 2 * y);
        return (x / r + 1 / (3 * c * c), y / r - 2 / (3 * c * c));
    }

    // Pow: both arguments differentiable, a constant exponent, a constant base.
    [Differentiable(Forward = true)]
    public static double Powers(double x, double y) => Math.Pow(x, y) + Math.Pow(y, 3) + Math.Pow(2, x);

    public static (double, double) PowersAnalytic(double x, double y) =>
        (y * Math.Pow(x, y - 1) + Math.Pow(2, x) * Math.Log(2), Math.Pow(x, y) * Math.Log(x) + 3 * y * y);

    [Differentiable(Forward = true)]
    public static double AbsoluteValue(double x, double y) => Math.Abs(x - y) * x + Math.Abs(y);

    public static (double, double) AbsoluteValueAnalytic(double x, double y)
    {
        double s = Math.Sign(x - y);
        return (s * x + Math.Abs(x - y), -s * x + Math.Sign(y));
    }

    [Differentiable(Forward = true)]
    public static double MaxAndMin(double x, double y) => Math.Max(x, y) * 2 + Math.Min(x * y, 1.5);

    public static (double, double) MaxAndMinAnalytic(double x, double y)
    {
        double minActive = x * y <= 1.5 ? 1 : 0;
        return ((x >= y ? 2 : 0) + y * minActive, (x >= y ? 0 : 2) + x * minActive);
    }

    [Differentiable(Forward = true)]
    public static double FusedMultiplyAdd(double x, double y, double z) =>
        Math.FusedMultiplyAdd(x, y, z * z) - Math.FusedMultiplyAdd(z, 0.5, x);

    public static (double, double, double) FusedMultiplyAddAnalytic(double x, double y, double z) => (y - 1, x, 2 * z - 0.5);

#pragma warning disable GG1001 // On purpose: the steps' zero derivative is what this function tests.
    [Differentiable(Forward = true)]
    public static double Steps(double x, double y) =>
        x * Math.Floor(y) + Math.Ceiling(x) * y + Math.Round(x * y) + Math.Truncate(y - x) * x + Math.Sign(x) * y * y;
#pragma warning restore GG1001

    public static (double, double) StepsAnalytic(double x, double y) =>
        (Math.Floor(y) + Math.Truncate(y - x), Math.Ceiling(x) + 2 * Math.Sign(x) * y);

    // Clamp with every argument differentiable: the derivative goes to the argument that is the value.
    [Differentiable(Forward = true)]
    public static double Clamped(double x, double lo, double hi) => Math.Clamp(x, lo, hi) * x;

    public static (double, double, double) ClampedAnalytic(double x, double lo, double hi)
    {
        double c = Math.Clamp(x, lo, hi);
        return (c + (x >= lo && x <= hi ? x : 0), x < lo ? x : 0, x > hi ? x : 0);
    }

    // The generic-math forms of double: Hypot, LogP1, ExpM1, and double.Sin for Math.Sin.
    [Differentiable(Forward = true)]
    public static double NumberTypeForms(double x, double y) => double.Hypot(x, y) + double.LogP1(x * x) + double.ExpM1(y) * double.Sin(x);

    public static (double, double) NumberTypeFormsAnalytic(double x, double y)
    {
        double h = Math.Sqrt(x * x + y * y);
        return (x / h + 2 * x / (1 + x * x) + (Math.Exp(y) - 1) * Math.Cos(x), y / h + Math.Exp(y) * Math.Sin(x));
    }

    // CopySign (differentiable in its magnitude), ScaleB (an int exponent), and the reciprocal square root
    // estimate, differentiated as 1/sqrt.
    [Differentiable(Forward = true)]
    public static double SignAndScale(double x, double y) => Math.CopySign(x * x + x, y) + Math.ScaleB(x * y, 3) + 0.25 * Math.ReciprocalSqrtEstimate(y * y + 1);

    public static (double, double) SignAndScaleAnalytic(double x, double y)
    {
        double m = x * x + x, s = Math.Sign(m) * Math.Sign(y);
        double u = y * y + 1;
        return (s * (2 * x + 1) + 8 * y, 8 * x - 0.25 * y / (u * Math.Sqrt(u)));
    }

    // Math.SinCos: deconstructed into locals, reassigning the parameters it reads (C# computes the pair
    // before it assigns), with a discard, and as .Sin/.Cos of the call.
    [Differentiable(Forward = true)]
    public static double SinAndCosAtOnce(double x, double y)
    {
        var (s, c) = Math.SinCos(x * y);
        (x, y) = double.SinCos(x + y);
        (double t, _) = Math.SinCos(s);
        return s * c + x * y + t + Math.SinCos(c).Cos;
    }

    public static (double, double) SinAndCosAtOnceAnalytic(double x, double y)
    {
        double u = x * y, v = x + y;
        double s = Math.Sin(u), c = Math.Cos(u);
        // d/du of s·c + sin(s) - ...: s·c = sin(2u)/2, t = sin(s), cos(c)
        double du = Math.Cos(2 * u) + Math.Cos(s) * c - Math.Sin(c) * -s;
        double dv = Math.Cos(2 * v); // sin(v)·cos(v) = sin(2v)/2
        return (du * y + dv, du * x + dv);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(Trig), Trig, TrigGradient, TrigValueAndGradient, TrigPullback, TrigAnalytic,
            (0.5, 1.0), (-1.2, 0.3), (2.0, -0.4), (0.0, 0.0));
        yield return Case.D2(nameof(InverseTrig), InverseTrig, InverseTrigGradient, InverseTrigValueAndGradient,
            InverseTrigPullback, InverseTrigAnalytic, (0.5, 0.25), (-0.7, 0.3), (0.1, -0.8), (0.0, 0.0));
        yield return Case.D2(nameof(Atan2), ["y", "x"], Atan2, Atan2Gradient, Atan2ValueAndGradient, Atan2Pullback,
            Atan2Analytic, (1.0, 2.0), (0.5, -3.0), (-2.0, -0.5), (-1.0, 0.25), (0.0, 1.0));
        yield return Case.D2(nameof(Hyperbolic), Hyperbolic, HyperbolicGradient, HyperbolicValueAndGradient,
            HyperbolicPullback, HyperbolicAnalytic, (0.5, 1.0), (-1.2, 0.3), (2.0, -0.4), (0.0, 0.0));
        yield return Case.D2(nameof(Exponential), Exponential, ExponentialGradient, ExponentialValueAndGradient,
            ExponentialPullback, ExponentialAnalytic, (0.5, 1.0), (-1.2, 0.3), (2.0, -0.4), (0.0, 0.0));
        yield return Case.D2(nameof(Logarithms), Logarithms, LogarithmsGradient, LogarithmsValueAndGradient,
            LogarithmsPullback, LogarithmsAnalytic, (0.5, 3.0), (1.2, 0.3), (20.0, 1.5), (0.05, 7.0));
        yield return Case.D2(nameof(Log10AndLog2), Log10AndLog2, Log10AndLog2Gradient, Log10AndLog2ValueAndGradient,
            Log10AndLog2Pullback, Log10AndLog2Analytic, (0.5, 3.0), (1.2, -0.3), (20.0, 1.5), (100.0, -50.0));
        yield return Case.D2(nameof(Roots), Roots, RootsGradient, RootsValueAndGradient, RootsPullback, RootsAnalytic,
            (0.5, 3.0), (1.2, -0.3), (-2.0, 1.5), (3.0, 4.0));
        yield return Case.D2(nameof(Powers), Powers, PowersGradient, PowersValueAndGradient, PowersPullback, PowersAnalytic,
            (0.5, 3.0), (1.2, -0.3), (2.0, 1.5), (3.0, -2.0));
        yield return Case.D2(nameof(AbsoluteValue), AbsoluteValue, AbsoluteValueGradient, AbsoluteValueValueAndGradient,
            AbsoluteValuePullback, AbsoluteValueAnalytic, (0.5, 3.0), (1.2, -0.3), (-2.0, 1.5), (3.0, -4.0));
        yield return Case.D2(nameof(MaxAndMin), MaxAndMin, MaxAndMinGradient, MaxAndMinValueAndGradient, MaxAndMinPullback,
            MaxAndMinAnalytic, (0.5, 2.0), (1.2, -0.3), (-2.0, 1.5), (3.0, 4.0));
        yield return Case.D3(nameof(FusedMultiplyAdd), FusedMultiplyAdd, FusedMultiplyAddGradient,
            FusedMultiplyAddValueAndGradient, FusedMultiplyAddPullback, FusedMultiplyAddAnalytic,
            (0.5, 3.0, -1.0), (1.2, -0.3, 0.1), (-2.0, 1.5, 7.0));
        yield return Case.D2(nameof(Steps), Steps, StepsGradient, StepsValueAndGradient, StepsPullback, StepsAnalytic,
            (0.3, 2.7), (-1.3, 0.45), (2.2, -1.6), (1.1, 1.3));
        yield return Case.D3(nameof(Clamped), Clamped, ClampedGradient, ClampedValueAndGradient, ClampedPullback, ClampedAnalytic,
            (0.5, -1.0, 1.0), (-2.0, -1.0, 1.0), (3.0, -1.0, 1.0), (0.2, 0.5, 2.0));
        yield return Case.D2(nameof(NumberTypeForms), NumberTypeForms, NumberTypeFormsGradient, NumberTypeFormsValueAndGradient,
            NumberTypeFormsPullback, NumberTypeFormsAnalytic, (0.5, 3.0), (1.2, -0.3), (-2.0, 1.5), (3.0, 4.0));
        yield return Case.D2(nameof(SinAndCosAtOnce), SinAndCosAtOnce, SinAndCosAtOnceGradient, SinAndCosAtOnceValueAndGradient,
            SinAndCosAtOncePullback, SinAndCosAtOnceAnalytic, (0.5, 3.0), (1.2, -0.3), (-2.0, 1.5), (0.0, 0.0));
        // ReciprocalSqrtEstimate's value is an estimate (about 12 bits); its derivative is that of the exact 1/sqrt, so
        // finite differences are taken of the function with the exact 1/sqrt in its place.
        yield return Case.D2(nameof(SignAndScale), SignAndScale, SignAndScaleGradient, SignAndScaleValueAndGradient,
            SignAndScalePullback, SignAndScaleAnalytic, (0.5, 3.0), (1.2, -0.3), (-2.0, 1.5), (-0.25, -4.0)) with
        {
            FiniteDifferenceTarget = _ => p => Math.CopySign(p[0] * p[0] + p[0], p[1]) + Math.ScaleB(p[0] * p[1], 3) + 0.25 / Math.Sqrt(p[1] * p[1] + 1),
        };
    }
}
