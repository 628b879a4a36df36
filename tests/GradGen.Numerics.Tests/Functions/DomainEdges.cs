namespace GradGen.Numerics.Tests.Functions;

/// <summary>Functions evaluated at the edges of their domains (see EdgeCaseTests).</summary>
public static partial class DomainEdges
{
    [Differentiable(Forward = true)]
    public static double Sqrt(double x) => Math.Sqrt(x);

    [Differentiable(Forward = true)]
    public static double XSqrtX(double x) => x * Math.Sqrt(x);

    [Differentiable(Forward = true)]
    public static double Cbrt(double x) => Math.Cbrt(x);

    [Differentiable(Forward = true)]
    public static double XXCbrtX(double x) => x * x * Math.Cbrt(x);

    [Differentiable(Forward = true)]
    public static double ScaledAsin(double x, double y) => y * Math.Asin(x);

    [Differentiable(Forward = true)]
    public static double XRootX(double x) => x * Math.Pow(x, 0.5);

    [Differentiable(Forward = true)]
    public static double Log(double x) => Math.Log(x);

    [Differentiable(Forward = true)]
    public static double Quotient(double x, double y) => x / y;

    [Differentiable(Forward = true)]
    public static double Abs(double x) => Math.Abs(x);

    [Differentiable(Forward = true)]
    public static double Max(double x, double y) => Math.Max(x, y);

    [Differentiable(Forward = true)]
    public static double Min(double x, double y) => Math.Min(x, y);

    [Differentiable(Forward = true)]
    public static double Exp(double x) => Math.Exp(x);

    // Atan2 at the origin, reached through a constant zero: the function does not depend on z at all.
    [Differentiable(Forward = true)]
    public static double Atan2AtTheOrigin(double z, [NoDerivative] double zero) => Math.Atan2(zero / z, zero) + double.Hypot(zero * z, zero);

    // An int converted to double inside a Math call: Math.Floor(n) alone would be ambiguous in generated code.
    [Differentiable(Forward = true)]
    public static double ScaledByFloor(double x, int n)
    {
        x /= Math.Floor(n * 1.0);
        return x;
    }

    // The argument Min does not select would overflow: its infinite partial must not meet the zero adjoint.
    [Differentiable(Forward = true)]
    public static double MinWithOverflow(double x) => Math.Min(x, Math.Exp(1000 * x));
}
