using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>A vector type whose arithmetic is its own operators, marked [Differentiable]: GradGen writes them where they are used.</summary>
public readonly partial record struct Vec(double X, double Y)
{
    [Differentiable]
    public static Vec operator -(Vec a, Vec b) => new(a.X - b.X, a.Y - b.Y);

    [Differentiable]
    public static Vec operator *(double s, Vec a) => new(s * a.X, s * a.Y);

    /// <summary>The dot product.</summary>
    [Differentiable]
    public static double operator *(Vec a, Vec b) => a.X * b.X + a.Y * b.Y;

    [Differentiable]
    public static Vec operator -(Vec a)
    {
        return a with { X = -a.X, Y = -a.Y };
    }
}

/// <summary>
/// Operators of a model type used as ML code uses them: a difference kept in a local, a dot product, a member of an
/// operator's value, a scaled value passed whole to a helper, a unary minus, operators nested in operands.
/// </summary>
public static partial class ModelOperators
{
    private static double Norm2(Vec v) => v * v;

    [Differentiable(Forward = true)]
    public static double Loss(Vec p, Vec q, double k)
    {
        var d = p - q;
        double s = d * d + (p - 2.0 * q).X * k;
        s += Norm2(k * (q - p)) + (-p) * q;
        return s;
    }

    /// <summary>∂/∂(p, q, k) by hand, with d = p − q: s = |d|² + (p.X − 2q.X)·k + k²·|d|² − p·q.</summary>
    private static double[] LossAnalytic(double[] v)
    {
        (double px, double py, double qx, double qy, double k) = (v[0], v[1], v[2], v[3], v[4]);
        double dx = px - qx, dy = py - qy;
        double c = 2 + 2 * k * k;
        return
        [
            c * dx + k - qx,
            c * dy - qy,
            -c * dx - 2 * k - px,
            -c * dy - py,
            px - 2 * qx + 2 * k * (dx * dx + dy * dy),
        ];
    }

    public static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = "ModelOperators.Loss",
            Parameters = ["p.X", "p.Y", "q.X", "q.Y", "k"],
            Value = v => Loss(new Vec(v[0], v[1]), new Vec(v[2], v[3]), v[4]),
            Gradient = v => LossGradient(new Vec(v[0], v[1]), new Vec(v[2], v[3]), v[4]) is var (gp, gq, gk) ? [gp.X, gp.Y, gq.X, gq.Y, gk] : [],
            ValueAndGradient = v => LossValueAndGradient(new Vec(v[0], v[1]), new Vec(v[2], v[3]), v[4]) is var (value, (gp, gq, gk)) ? (value, [gp.X, gp.Y, gq.X, gq.Y, gk]) : default,
            Pullback = (v, seed, a) =>
            {
                Vec dp = new(a[0], a[1]), dq = new(a[2], a[3]);
                double value = LossPullback(new Vec(v[0], v[1]), new Vec(v[2], v[3]), v[4], seed, ref dp, ref dq, ref a[4]);
                (a[0], a[1], a[2], a[3]) = (dp.X, dp.Y, dq.X, dq.Y);
                return value;
            },
            Pushforward = (v, t) => LossPushforward(new Vec(v[0], v[1]), new Vec(v[2], v[3]), v[4], new Vec(t[0], t[1]), new Vec(t[2], t[3]), t[4]),
            Analytic = LossAnalytic,
            Points = [[0.7, -1.2, 0.3, 0.5, 1.5], [-0.4, 0.9, 1.1, -0.25, -0.8]],
        };
    }
}
