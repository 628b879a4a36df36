using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Tuple locals as ML and simulation code writes them: a target encoded as a named tuple and read by element, a
/// state updated whole in a loop, nested tuples, default, a copy, Math.SinCos held whole. GradGen holds each element in
/// a local of its own.</summary>
public static partial class TupleLocals
{
    // The box-regression shape: f = 2 (a / w) ln b + (ln b)².
    [Differentiable(Forward = true)]
    public static double Encoded(double a, double w, double b)
    {
        var target = (dx: a / w, dy: Math.Log(b));
        (double dx, double dy) scaled = (2 * target.dx, target.dy * target.dy);
        return scaled.dx * target.dy + scaled.Item2;
    }

    public static (double, double, double) EncodedAnalytic(double a, double w, double b)
    {
        double l = Math.Log(b);
        return (2 * l / w, -2 * a * l / (w * w), 2 * (a / w) / b + 2 * l / b);
    }

    // A point rotated three times by t, updated whole from its old value (a tape in the loop); an element scaled, the
    // elements swapped (t = (t.Item2, t.Item1)), then deconstructed: f = y3² + 2 x3.
    [Differentiable(Forward = true)]
    public static double Rotation(double x0, double y0, double t)
    {
        var p = (x: x0, y: y0);
        double c = Math.Cos(t), s = Math.Sin(t);
        for (int i = 0; i < 3; i++)
        {
            p = (c * p.x - s * p.y, s * p.x + c * p.y);
        }

        p.x *= 2;
        p = (p.y, p.x);
        var (u, v) = p;
        return u * u + v;
    }

    public static (double, double, double) RotationAnalytic(double x0, double y0, double t)
    {
        double x3 = x0 * Math.Cos(3 * t) - y0 * Math.Sin(3 * t), y3 = x0 * Math.Sin(3 * t) + y0 * Math.Cos(3 * t);
        return (2 * y3 * Math.Sin(3 * t) + 2 * Math.Cos(3 * t), 2 * y3 * Math.Cos(3 * t) - 2 * Math.Sin(3 * t), 6 * x3 * y3 - 6 * y3);
    }

    // Nested tuples from default, an element that is a tuple assigned whole, an int element converted, a copy that later
    // changes do not reach, Math.SinCos held in a tuple local and converted by name: f = 3 a b² + b² + a + sin a cos a.
    [Differentiable(Forward = true)]
    public static double Nested(double a, double b)
    {
        (double, (double, int)) t = default;
        t.Item1 = a;
        t.Item2 = (b * b, 3);
        var u = t;
        t.Item2.Item1 += a;
        var sc = Math.SinCos(a);
        (double Sine, double Cosine) w = sc;
        return u.Item1 * u.Item2.Item1 * u.Item2.Item2 + t.Item2.Item1 + w.Sine * sc.Cos;
    }

    public static (double, double) NestedAnalytic(double a, double b) => (3 * b * b + 1 + Math.Cos(2 * a), 6 * a * b + 2 * b);

    // Float elements, a tuple local assigned from another with its elements converted (float to double).
    [Differentiable(Forward = true)]
    public static float EncodedF(float a, float w)
    {
        var t = (dx: a / w, dy: MathF.Log(w));
        (double, double) wide = t;
        return t.dx * t.dy + (float)wide.Item1;
    }

    public static double EncodedReference(double a, double w) => a / w * Math.Log(w) + a / w;

    public static (double, double) EncodedFAnalytic(double a, double w) =>
        (Math.Log(w) / w + 1 / w, -a * Math.Log(w) / (w * w) + a / (w * w) - a / (w * w));

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D3(nameof(Encoded), ["a", "w", "b"], Encoded, EncodedGradient, EncodedValueAndGradient, EncodedPullback,
            EncodedAnalytic, (0.5, 2.0, 1.5), (-1.0, 0.7, 3.0), (2.0, -1.5, 0.4));
        yield return Case.D3(nameof(Rotation), ["x0", "y0", "t"], Rotation, RotationGradient, RotationValueAndGradient, RotationPullback,
            RotationAnalytic, (1.0, 0.5, 0.3), (-0.7, 2.0, 1.1), (0.2, -1.3, -0.6));
        yield return Case.D2(nameof(Nested), ["a", "b"], Nested, NestedGradient, NestedValueAndGradient, NestedPullback,
            NestedAnalytic, (0.5, 1.5), (-1.2, 0.3), (2.0, -0.8));
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F2(nameof(EncodedF), ["a", "w"], EncodedF, EncodedFGradient, EncodedFValueAndGradient, EncodedFPullback,
            EncodedReference, EncodedFAnalytic, (0.5f, 2.0f), (-1.0f, 0.7f), (2.0f, 1.5f));
    }
}
