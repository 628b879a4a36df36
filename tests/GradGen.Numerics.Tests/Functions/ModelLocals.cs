using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>A struct built by a constructor that assigns its parameters to its fields.</summary>
public struct Point2
{
    public Point2(double x, double y)
    {
        X = x;
        Y = y;
    }

    public double X;
    public double Y;
}

/// <summary>A positional record nesting a struct.</summary>
public readonly record struct Mass(Point2 Position, double Weight);

/// <summary>
/// Locals of model types: created with a constructor, an object initializer and a record's primary constructor, changed
/// with <c>with</c>, copied from a parameter's nested value, written member by member and reassigned whole in a loop.
/// </summary>
public static partial class ModelLocals
{
    [Differentiable(Forward = true)]
    public static double Build(double a, double b, Line m)
    {
        var v = new Point2(a, b);
        var w = new Point2 { X = b * a, Y = 2 };
        var l2 = m with { W = a * m.B };
        var body = new Mass(v, b);
        var p = body.Position;
        v.X += w.Y * a;
        v = new Point2(v.Y, v.X);
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            p.Y *= 1.1;
            s += p.Y * l2.W + v.X * v.Y;
        }

        return s + l2.B + body.Weight * w.X;
    }

    /// <summary>Partial derivatives of <see cref="Build"/> worked out by hand: v ends as (b, 3a), p.Y as b·1.1ᵏ and l2.W is
    /// a·mb, so with c = 1.1 + 1.1² + 1.1³ the value is c·a·b·mb + 9ab + mb + a·b².</summary>
    private static double[] Analytic(double[] p)
    {
        (double a, double b, double _, double mb) = (p[0], p[1], p[2], p[3]);
        const double c = 1.1 + 1.1 * 1.1 + 1.1 * 1.1 * 1.1;
        return
        [
            c * b * mb + 9 * b + b * b,
            c * a * mb + 9 * a + 2 * b * a,
            0,
            c * b * a + 1,
        ];
    }

    public static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = "ModelLocals.Build",
            Parameters = ["a", "b", "m.W", "m.B"],
            Value = p => Build(p[0], p[1], new Line(p[2], p[3])),
            Gradient = p => BuildGradient(p[0], p[1], new Line(p[2], p[3])) is var (ga, gb, gm) ? [ga, gb, gm.W, gm.B] : [],
            ValueAndGradient = p => BuildValueAndGradient(p[0], p[1], new Line(p[2], p[3])) is var (v, (ga, gb, gm)) ? (v, [ga, gb, gm.W, gm.B]) : default,
            Pullback = (p, seed, adj) =>
            {
                var adjoint = new Line(adj[2], adj[3]);
                double value = BuildPullback(p[0], p[1], new Line(p[2], p[3]), seed, ref adj[0], ref adj[1], ref adjoint);
                (adj[2], adj[3]) = (adjoint.W, adjoint.B);
                return value;
            },
            Pushforward = (p, t) => BuildPushforward(p[0], p[1], new Line(p[2], p[3]), t[0], t[1], new Line(t[2], t[3])),
            Analytic = Analytic,
            Points = [[0.7, -1.2, 0.3, 0.9], [1.5, 0.5, -2.0, 0.25]],
        };
    }
}
