namespace GradGen.Numerics.Tests.Functions;

/// <summary>Pow at the edges of its rules (see EdgeCaseTests).</summary>
public static partial class PowEdge
{
    [Differentiable(Forward = true)]
    public static double Pow(double x, double y) => Math.Pow(x, y);

    // A polynomial term with a run-time exponent.
    [Differentiable(Forward = true)]
    public static double Term(double c, double x, int n) => c * Math.Pow(x, n);
}
