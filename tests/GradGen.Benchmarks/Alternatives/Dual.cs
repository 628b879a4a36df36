using System.Runtime.CompilerServices;

namespace GradGen.Benchmarks.Alternatives;

/// <summary>
/// A forward-mode dual number a + b·ε (ε² = 0), the way most .NET AD libraries do automatic
/// differentiation: an operator-overloading struct that carries one directional derivative
/// <see cref="D"/> next to the value <see cref="V"/>. A full gradient takes one forward pass per input
/// dimension (seed that input's <see cref="D"/> with 1, all others with 0): that is the honest cost of
/// forward mode for a gradient.
/// </summary>
public readonly struct Dual : IAdScalar<Dual>
{
    public readonly double V;
    public readonly double D;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Dual(double value, double derivative)
    {
        V = value;
        D = derivative;
    }

    public double Value => V;

    public static Dual Constant(double value) => new(value, 0);

    /// <summary>An input seeded with derivative 1: the direction of this pass.</summary>
    public static Dual Seed(double value) => new(value, 1);

    public static Dual operator +(Dual a, Dual b) => new(a.V + b.V, a.D + b.D);
    public static Dual operator +(Dual a, double b) => new(a.V + b, a.D);
    public static Dual operator +(double a, Dual b) => new(a + b.V, b.D);
    public static Dual operator -(Dual a, Dual b) => new(a.V - b.V, a.D - b.D);
    public static Dual operator -(Dual a, double b) => new(a.V - b, a.D);
    public static Dual operator -(double a, Dual b) => new(a - b.V, -b.D);
    public static Dual operator -(Dual a) => new(-a.V, -a.D);
    public static Dual operator *(Dual a, Dual b) => new(a.V * b.V, a.D * b.V + a.V * b.D);
    public static Dual operator *(Dual a, double b) => new(a.V * b, a.D * b);
    public static Dual operator *(double a, Dual b) => new(a * b.V, a * b.D);

    public static Dual operator /(Dual a, Dual b)
    {
        double v = a.V / b.V;
        return new(v, (a.D - v * b.D) / b.V);
    }

    public static Dual operator /(Dual a, double b) => new(a.V / b, a.D / b);

    public static Dual Exp(Dual x)
    {
        double e = Math.Exp(x.V);
        return new(e, e * x.D);
    }

    public static Dual Log(Dual x) => new(Math.Log(x.V), x.D / x.V);

    public static Dual Tanh(Dual x)
    {
        double t = Math.Tanh(x.V);
        return new(t, (1 - t * t) * x.D);
    }
}
