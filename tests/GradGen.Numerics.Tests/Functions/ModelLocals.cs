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

    private static double Dot(Point2 u, Point2 v) => u.X * v.X + u.Y * v.Y;

    /// <summary>A [Differentiable] callee that model values built by the caller are passed to.</summary>
    [Differentiable(Forward = true)]
    public static double Dist2(Point2 u, Point2 v)
    {
        double dx = u.X - v.X, dy = u.Y - v.Y;
        return dx * dx + dy * dy;
    }

    private static double Predict(Line m, double x) => m.W * x + m.B;

    /// <summary>A helper that passes a nested member of its model parameter on.</summary>
    private static double Energy(Mass q) => q.Weight * q.Position.Y + Dot(q.Position, q.Position);

    /// <summary>Model values that exist only as their members passed whole to calls: locals, <c>new</c> and <c>with</c>
    /// written as arguments, a local reassigned in a loop between calls, and a nested record.</summary>
    [Differentiable(Forward = true)]
    public static double Passed(double a, double b, Line m)
    {
        var v = new Point2(a, b);
        double s = Dot(v, new Point2(b, 2 * a));
        s += Dist2(new Point2(a * a, 1), v);
        s += Predict(m with { B = a }, b);
        var l = m with { W = b };
        for (int i = 0; i < 2; i++)
        {
            s += Predict(l, i + 1.0);
            l = l with { B = l.B * a };
        }

        var body = new Mass(v, b);
        return s + Energy(body);
    }

    /// <summary>Partial derivatives of <see cref="Passed"/> worked out by hand: the value is 3ab + (a² − a)² + (1 − b)² + W·b
    /// + a + 3b + B + B·a + 2b² + a².</summary>
    private static double[] PassedAnalytic(double[] p)
    {
        (double a, double b, double w, double mb) = (p[0], p[1], p[2], p[3]);
        return
        [
            3 * b + 2 * (a * a - a) * (2 * a - 1) + 1 + mb + 2 * a,
            3 * a - 2 * (1 - b) + w + 3 + 4 * b,
            b,
            1 + a,
        ];
    }

    public static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = "ModelLocals.Passed",
            Parameters = ["a", "b", "m.W", "m.B"],
            Value = p => Passed(p[0], p[1], new Line(p[2], p[3])),
            Gradient = p => PassedGradient(p[0], p[1], new Line(p[2], p[3])) is var (ga, gb, gm) ? [ga, gb, gm.W, gm.B] : [],
            ValueAndGradient = p => PassedValueAndGradient(p[0], p[1], new Line(p[2], p[3])) is var (v, (ga, gb, gm)) ? (v, [ga, gb, gm.W, gm.B]) : default,
            Pullback = (p, seed, adj) =>
            {
                var adjoint = new Line(adj[2], adj[3]);
                double value = PassedPullback(p[0], p[1], new Line(p[2], p[3]), seed, ref adj[0], ref adj[1], ref adjoint);
                (adj[2], adj[3]) = (adjoint.W, adjoint.B);
                return value;
            },
            Pushforward = (p, t) => PassedPushforward(p[0], p[1], new Line(p[2], p[3]), t[0], t[1], new Line(t[2], t[3])),
            Analytic = PassedAnalytic,
            Points = [[0.7, -1.2, 0.3, 0.9], [1.5, 0.5, -2.0, 0.25]],
        };

        yield return new DoubleCase
        {
            Name = "ModelLocals.Dist2",
            Parameters = ["u.X", "u.Y", "v.X", "v.Y"],
            Value = p => Dist2(new Point2(p[0], p[1]), new Point2(p[2], p[3])),
            Gradient = p => Dist2Gradient(new Point2(p[0], p[1]), new Point2(p[2], p[3])) is var (gu, gv) ? [gu.X, gu.Y, gv.X, gv.Y] : [],
            ValueAndGradient = p => Dist2ValueAndGradient(new Point2(p[0], p[1]), new Point2(p[2], p[3])) is var (v, (gu, gv)) ? (v, [gu.X, gu.Y, gv.X, gv.Y]) : default,
            Pullback = (p, seed, adj) =>
            {
                Point2 du = new(adj[0], adj[1]), dv = new(adj[2], adj[3]);
                double value = Dist2Pullback(new Point2(p[0], p[1]), new Point2(p[2], p[3]), seed, ref du, ref dv);
                (adj[0], adj[1], adj[2], adj[3]) = (du.X, du.Y, dv.X, dv.Y);
                return value;
            },
            Pushforward = (p, t) => Dist2Pushforward(new Point2(p[0], p[1]), new Point2(p[2], p[3]), new Point2(t[0], t[1]), new Point2(t[2], t[3])),
            Analytic = p => [2 * (p[0] - p[2]), 2 * (p[1] - p[3]), -2 * (p[0] - p[2]), -2 * (p[1] - p[3])],
            Points = [[0.7, -1.2, 0.3, 0.9], [1.5, 0.5, -2.0, 0.25]],
        };

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
