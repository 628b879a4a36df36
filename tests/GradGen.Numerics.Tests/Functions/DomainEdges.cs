namespace GradGen.Numerics.Tests.Functions;

/// <summary>Functions evaluated at the edges of their domains (see EdgeCaseTests).</summary>
public static partial class DomainEdges
{
    [Differentiable]
    public static double Sqrt(double x) => Math.Sqrt(x);

    [Differentiable]
    public static double XSqrtX(double x) => x * Math.Sqrt(x);

    [Differentiable]
    public static double Cbrt(double x) => Math.Cbrt(x);

    [Differentiable]
    public static double XXCbrtX(double x) => x * x * Math.Cbrt(x);

    [Differentiable]
    public static double ScaledAsin(double x, double y) => y * Math.Asin(x);

    [Differentiable]
    public static double XRootX(double x) => x * Math.Pow(x, 0.5);

    [Differentiable]
    public static double Log(double x) => Math.Log(x);

    [Differentiable]
    public static double Quotient(double x, double y) => x / y;

    [Differentiable]
    public static double Abs(double x) => Math.Abs(x);

    [Differentiable]
    public static double Max(double x, double y) => Math.Max(x, y);

    [Differentiable]
    public static double Min(double x, double y) => Math.Min(x, y);

    [Differentiable]
    public static double Exp(double x) => Math.Exp(x);

    // The argument Min does not select would overflow: its infinite partial must not meet the zero adjoint.
    [Differentiable]
    public static double MinWithOverflow(double x) => Math.Min(x, Math.Exp(1000 * x));
}
