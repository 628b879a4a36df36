using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// Calls that pass model values: a loss calling the model's forward pass, layers and regularizers written as methods of
/// their own, a nested model value passed on, and a model held constant passed beside a differentiated one. Each goes
/// through the callee's memberwise pullback and pushforward.
/// </summary>
public static partial class ModelCalls
{
    private static readonly double[] Input = [0.7, -1.3];
    private const double Target = 0.4;
    private const double Decay = 0.01;

    /// <summary>The squared sum of every weight: a helper without [Differentiable] that takes only the model.</summary>
    private static double WeightNorm(Mlp net)
    {
        double s = net.B2 * net.B2;
        for (int i = 0; i < net.W1.Length; i++) s += net.W1[i] * net.W1[i];
        for (int j = 0; j < net.B1.Length; j++) s += net.B1[j] * net.B1[j] + net.W2[j] * net.W2[j];
        return s;
    }

    /// <summary>One hidden unit: a helper taking the model and data.</summary>
    private static double Unit(Mlp net, double[] x, int j)
    {
        double a = net.B1[j];
        for (int i = 0; i < x.Length; i++) a += net.W1[j * x.Length + i] * x[i];
        return Math.Tanh(a);
    }

    /// <summary>The forward pass through the unit helper, called by the loss: two levels of memberwise calls.</summary>
    [Differentiable(Forward = true)]
    public static double Forward(Mlp net, [NoDerivative] double[] x)
    {
        double y = net.B2;
        for (int j = 0; j < net.B1.Length; j++) y += net.W2[j] * Unit(net, x, j);
        return y;
    }

    /// <summary>A regularized squared error: calls a [Differentiable] method and a helper with the model.</summary>
    [Differentiable(Forward = true)]
    public static double Loss(Mlp net, [NoDerivative] double[] x, [NoDerivative] double y)
    {
        double r = Forward(net, x) - y;
        return r * r + Decay * WeightNorm(net);
    }

    private static double Kinetic(Vec2 v, double mass) => 0.5 * mass * (v.X * v.X + v.Y * v.Y);

    /// <summary>Two particles' energies multiplied, plus a nested model value (a's position) passed to a helper.</summary>
    [Differentiable(Forward = true)]
    public static double Pair(Particle a, Particle b, double g) =>
        ModelTypes.ParticleEnergy(a, g) * ModelTypes.ParticleEnergy(b, g) + Kinetic(a.Position, b.Mass);

    private static double Predict(Line m, double x) => m.W * x + m.B;

    /// <summary>A model held constant ([NoDerivative]) and a differentiated one passed to the same helper.</summary>
    [Differentiable(Forward = true)]
    public static double Blend([NoDerivative] Line teacher, Line student, double x) =>
        Predict(teacher, x) * Predict(student, x) + Predict(student, x * x);

    private const int Hidden = ModelTypes.Hidden;

    private static Mlp Net(double[] p) => ModelTypes.Net(p);

    private static double[] Flat(Mlp net) => ModelTypes.Flat(net);

    private static double ForwardValue(double[] p)
    {
        Mlp net = Net(p);
        double y = net.B2;
        for (int j = 0; j < Hidden; j++)
        {
            double a = net.B1[j] + net.W1[2 * j] * Input[0] + net.W1[2 * j + 1] * Input[1];
            y += net.W2[j] * Math.Tanh(a);
        }

        return y;
    }

    /// <summary>The loss's analytic gradient: 2r ∂y/∂p + 2·Decay·p.</summary>
    private static double[] LossAnalytic(double[] p)
    {
        Mlp net = Net(p);
        double r = ForwardValue(p) - Target;
        var g = new double[p.Length];
        g[4 * Hidden] = 2 * r;
        for (int j = 0; j < Hidden; j++)
        {
            double a = net.B1[j] + net.W1[2 * j] * Input[0] + net.W1[2 * j + 1] * Input[1];
            double t = Math.Tanh(a), d = net.W2[j] * (1 - t * t);
            g[2 * j] = 2 * r * d * Input[0];
            g[2 * j + 1] = 2 * r * d * Input[1];
            g[2 * Hidden + j] = 2 * r * d;
            g[3 * Hidden + j] = 2 * r * t;
        }

        for (int k = 0; k < p.Length; k++) g[k] += 2 * Decay * p[k];
        return g;
    }

    private static Particle Particle(double x, double y, double mass) => new() { Position = new Vec2 { X = x, Y = y }, Mass = mass, Charge = 2 };

    /// <summary>E = 3 m g y + m x²/2 for charge 2.</summary>
    private static double Energy(double x, double y, double m, double g) => 3 * m * g * y + 0.5 * m * x * x;

    private static double[] PairAnalytic(double[] p)
    {
        (double ax, double ay, double am, double bx, double by, double bm, double g) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        double ea = Energy(ax, ay, am, g), eb = Energy(bx, by, bm, g);
        return
        [
            am * ax * eb + bm * ax,
            3 * am * g * eb + bm * ay,
            (3 * g * ay + 0.5 * ax * ax) * eb,
            ea * bm * bx,
            ea * 3 * bm * g,
            ea * (3 * g * by + 0.5 * bx * bx) + 0.5 * (ax * ax + ay * ay),
            3 * am * ay * eb + ea * 3 * bm * by,
        ];
    }

    private static readonly Line Teacher = new(0.8, -0.3);

    public static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = "ModelCalls.Loss",
            Parameters = ["W1[0]", "W1[1]", "W1[2]", "W1[3]", "B1[0]", "B1[1]", "W2[0]", "W2[1]", "B2"],
            Value = p => Loss(Net(p), Input, Target),
            Gradient = p => Flat(LossGradient(Net(p), Input, Target)),
            ValueAndGradient = p => LossValueAndGradient(Net(p), Input, Target) is var (v, g) ? (v, Flat(g)) : default,
            Pullback = (p, seed, a) =>
            {
                Mlp adjoint = Net(a);
                double value = LossPullback(Net(p), Input, Target, seed, ref adjoint);
                Flat(adjoint).CopyTo(a, 0);
                return value;
            },
            Pushforward = (p, t) => LossPushforward(Net(p), Input, Target, Net(t)),
            Analytic = LossAnalytic,
            Points = [[0.1, 0.2, -0.3, 0.4, 0.0, 0.1, 1.0, -1.0, 0.5], [0.5, -0.2, 0.3, 0.1, -0.4, 0.2, 0.7, 0.3, -1.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelCalls.Forward",
            Parameters = ["W1[0]", "W1[1]", "W1[2]", "W1[3]", "B1[0]", "B1[1]", "W2[0]", "W2[1]", "B2"],
            Value = p => Forward(Net(p), Input),
            Gradient = p => Flat(ForwardGradient(Net(p), Input)),
            ValueAndGradient = p => ForwardValueAndGradient(Net(p), Input) is var (v, g) ? (v, Flat(g)) : default,
            Pullback = (p, seed, a) =>
            {
                Mlp adjoint = Net(a);
                double value = ForwardPullback(Net(p), Input, seed, ref adjoint);
                Flat(adjoint).CopyTo(a, 0);
                return value;
            },
            Pushforward = (p, t) => ForwardPushforward(Net(p), Input, Net(t)),
            Analytic = p => LossAnalyticOfForward(p),
            Points = [[0.1, 0.2, -0.3, 0.4, 0.0, 0.1, 1.0, -1.0, 0.5], [0.5, -0.2, 0.3, 0.1, -0.4, 0.2, 0.7, 0.3, -1.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelCalls.Pair",
            Parameters = ["a.Position.X", "a.Position.Y", "a.Mass", "b.Position.X", "b.Position.Y", "b.Mass", "g"],
            Value = p => Pair(Particle(p[0], p[1], p[2]), Particle(p[3], p[4], p[5]), p[6]),
            Gradient = p => PairGradient(Particle(p[0], p[1], p[2]), Particle(p[3], p[4], p[5]), p[6]) is var (ga, gb, gg)
                ? [ga.Position.X, ga.Position.Y, ga.Mass, gb.Position.X, gb.Position.Y, gb.Mass, gg] : [],
            ValueAndGradient = p => PairValueAndGradient(Particle(p[0], p[1], p[2]), Particle(p[3], p[4], p[5]), p[6]) is var (v, (ga, gb, gg))
                ? (v, [ga.Position.X, ga.Position.Y, ga.Mass, gb.Position.X, gb.Position.Y, gb.Mass, gg]) : default,
            Pullback = (p, seed, a) =>
            {
                Particle da = Particle(a[0], a[1], a[2]), db = Particle(a[3], a[4], a[5]);
                double value = PairPullback(Particle(p[0], p[1], p[2]), Particle(p[3], p[4], p[5]), p[6], seed, ref da, ref db, ref a[6]);
                (a[0], a[1], a[2], a[3], a[4], a[5]) = (da.Position.X, da.Position.Y, da.Mass, db.Position.X, db.Position.Y, db.Mass);
                return value;
            },
            Pushforward = (p, t) => PairPushforward(Particle(p[0], p[1], p[2]), Particle(p[3], p[4], p[5]), p[6], Particle(t[0], t[1], t[2]), Particle(t[3], t[4], t[5]), t[6]),
            Analytic = PairAnalytic,
            Points = [[1.0, 2.0, 3.0, -0.5, 0.25, 1.5, 9.81], [0.3, -1.0, 0.5, 2.0, 0.5, 0.75, -2.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelCalls.Blend",
            Parameters = ["student.W", "student.B", "x"],
            Value = p => Blend(Teacher, new Line(p[0], p[1]), p[2]),
            Gradient = p => BlendGradient(Teacher, new Line(p[0], p[1]), p[2]) is var (gs, gx) ? [gs.W, gs.B, gx] : [],
            ValueAndGradient = p => BlendValueAndGradient(Teacher, new Line(p[0], p[1]), p[2]) is var (v, (gs, gx)) ? (v, [gs.W, gs.B, gx]) : default,
            Pullback = (p, seed, a) =>
            {
                var adjoint = new Line(a[0], a[1]);
                double value = BlendPullback(Teacher, new Line(p[0], p[1]), p[2], seed, ref adjoint, ref a[2]);
                (a[0], a[1]) = (adjoint.W, adjoint.B);
                return value;
            },
            Pushforward = (p, t) => BlendPushforward(Teacher, new Line(p[0], p[1]), p[2], new Line(t[0], t[1]), t[2]),
            Analytic = p =>
            {
                (double w, double b, double x) = (p[0], p[1], p[2]);
                double tv = Teacher.W * x + Teacher.B, sv = w * x + b;
                return [tv * x + x * x, tv + 1, Teacher.W * sv + tv * w + 2 * x * w];
            },
            Points = [[1.5, -0.5, 0.7], [-2.0, 1.0, -1.3]],
        };
    }

    private static double[] LossAnalyticOfForward(double[] p)
    {
        // ∂y/∂p: the loss's gradient without decay, divided by 2r.
        double r = ForwardValue(p) - Target;
        double[] g = LossAnalytic(p);
        for (int k = 0; k < p.Length; k++) g[k] = (g[k] - 2 * Decay * p[k]) / (2 * r);
        return g;
    }
}
