using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>A positional record struct: its gradient is built through its init-only properties.</summary>
public readonly record struct Line(double W, double B);

/// <summary>The float model of a line.</summary>
public record struct LineF(float W, float B);

/// <summary>A struct of plain fields.</summary>
public struct Vec2
{
    public double X;
    public double Y;
}

/// <summary>A struct nesting another, and holding data GradGen leaves default in a gradient.</summary>
public struct Particle
{
    public Vec2 Position;
    public double Mass;
    public int Charge;
}

/// <summary>A positional record class: no parameterless constructor, so its gradient is built through the primary one.</summary>
public sealed record Affine(double Scale, double Shift);

/// <summary>A readonly struct whose constructor takes its members.</summary>
public readonly struct Polar
{
    public Polar(double radius, double angle)
    {
        Radius = radius;
        Angle = angle;
    }

    public readonly double Radius;
    public readonly double Angle;
}

/// <summary>A one-hidden-layer network held in a class: weight arrays and a scalar field.</summary>
public sealed class Mlp
{
    public double[] W1 = [];
    public double[] B1 = [];
    public double[] W2 = [];
    public double B2;
}

/// <summary>The float network.</summary>
public sealed class MlpF
{
    public float[] W1 = [];
    public float[] B1 = [];
    public float[] W2 = [];
    public float B2 { get; set; }
}

/// <summary>A line differentiated with respect to itself (WithRespectToThis) and an argument.</summary>
public partial record struct Ray(double Slope, double Offset)
{
    [Differentiable(WithRespectToThis = true, Forward = true)]
    public readonly double Residual(double x, [NoDerivative] double y)
    {
        double r = Slope * x + Offset - y;
        return r * r;
    }
}

/// <summary>A class differentiated with respect to itself alone: its gradient is a Perceptron.</summary>
public partial class Perceptron
{
    public double[] Weights = [];
    public double Bias;

    [Differentiable(WithRespectToThis = true, Forward = true)]
    public double Activation([NoDerivative] double[] input)
    {
        double s = Bias;
        for (int i = 0; i < input.Length; i++) s += Weights[i] * input[i];
        return Math.Tanh(s);
    }
}

/// <summary>Model-type parameters (structs, records, classes): differentiated member by member.</summary>
public static partial class ModelTypes
{
    private static readonly double[] Xs = [-1.0, 0.5, 2.0];
    private static readonly double[] Ys = [1.0, 2.0, 4.5];
    private static readonly float[] XsF = [-1f, 0.5f, 2f];
    private static readonly float[] YsF = [1f, 2f, 4.5f];
    private static readonly double[] Input = [0.7, -1.3];
    private static readonly float[] InputF = [0.7f, -1.3f];

    /// <summary>The mean squared error of a line fitted to points.</summary>
    [Differentiable(Forward = true)]
    public static double LineMse(Line m, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = m.W * xs[i] + m.B - ys[i];
            sum += r * r;
        }

        return sum / xs.Length;
    }

    [Differentiable(Forward = true)]
    public static float LineMseF(LineF m, [NoDerivative] float[] xs, [NoDerivative] float[] ys)
    {
        float sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            float r = m.W * xs[i] + m.B - ys[i];
            sum += r * r;
        }

        return sum / xs.Length;
    }

    [Differentiable(Forward = true)]
    public static double ParticleEnergy(Particle p, double g) =>
        (p.Charge + 1) * p.Mass * g * p.Position.Y + 0.5 * p.Mass * p.Position.X * p.Position.X;

    [Differentiable(Forward = true)]
    public static double AffineSquare(Affine a, double x)
    {
        double y = a.Scale * x + a.Shift;
        return y * y;
    }

    [Differentiable(Forward = true)]
    public static double PolarX(Polar p) => p.Radius * Math.Cos(p.Angle);

    /// <summary>The network's output for one input.</summary>
    [Differentiable(Forward = true)]
    public static double MlpOutput(Mlp net, [NoDerivative] double[] x)
    {
        double y = net.B2;
        for (int j = 0; j < net.B1.Length; j++)
        {
            double a = net.B1[j];
            for (int i = 0; i < x.Length; i++) a += net.W1[j * x.Length + i] * x[i];
            y += net.W2[j] * Math.Tanh(a);
        }

        return y;
    }

    [Differentiable(Forward = true)]
    public static float MlpOutputF(MlpF net, [NoDerivative] float[] x)
    {
        float y = net.B2;
        for (int j = 0; j < net.B1.Length; j++)
        {
            float a = net.B1[j];
            for (int i = 0; i < x.Length; i++) a += net.W1[j * x.Length + i] * x[i];
            y += net.W2[j] * MathF.Tanh(a);
        }

        return y;
    }

    private static double[] LineMseAnalytic(double[] p)
    {
        double dw = 0, db = 0;
        for (int i = 0; i < Xs.Length; i++)
        {
            double r = p[0] * Xs[i] + p[1] - Ys[i];
            dw += 2 * r * Xs[i] / Xs.Length;
            db += 2 * r / Xs.Length;
        }

        return [dw, db];
    }

    private static double LineMseReference(double[] p) => LineMse(new Line(p[0], p[1]), Xs, Ys);

    internal const int Hidden = 2;

    internal static Mlp Net(double[] p) => new()
    {
        W1 = p[..(2 * Hidden)],
        B1 = p[(2 * Hidden)..(3 * Hidden)],
        W2 = p[(3 * Hidden)..(4 * Hidden)],
        B2 = p[4 * Hidden],
    };

    internal static double[] Flat(Mlp net) => [.. net.W1, .. net.B1, .. net.W2, net.B2];

    private static MlpF NetF(float[] p) => new()
    {
        W1 = p[..(2 * Hidden)],
        B1 = p[(2 * Hidden)..(3 * Hidden)],
        W2 = p[(3 * Hidden)..(4 * Hidden)],
        B2 = p[4 * Hidden],
    };

    private static float[] Flat(MlpF net) => [.. net.W1, .. net.B1, .. net.W2, net.B2];

    private static double MlpReference(double[] p) => MlpOutput(Net(p), Input);

    private static double[] MlpAnalytic(double[] p) => MlpAnalyticAt(p, Input);

    private static readonly string[] MlpParameters = ["W1[0]", "W1[1]", "W1[2]", "W1[3]", "B1[0]", "B1[1]", "W2[0]", "W2[1]", "B2"];

    public static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = "ModelTypes.LineMse",
            Parameters = ["m.W", "m.B"],
            Value = LineMseReference,
            Gradient = p => LineMseGradient(new Line(p[0], p[1]), Xs, Ys) is var g ? [g.W, g.B] : [],
            ValueAndGradient = p => LineMseValueAndGradient(new Line(p[0], p[1]), Xs, Ys) is var (v, g) ? (v, [g.W, g.B]) : default,
            Pullback = (p, seed, a) =>
            {
                var adjoint = new Line(a[0], a[1]);
                double value = LineMsePullback(new Line(p[0], p[1]), Xs, Ys, seed, ref adjoint);
                (a[0], a[1]) = (adjoint.W, adjoint.B);
                return value;
            },
            Pushforward = (p, t) => LineMsePushforward(new Line(p[0], p[1]), Xs, Ys, new Line(t[0], t[1])),
            Analytic = LineMseAnalytic,
            Points = [[0.0, 0.0], [1.5, -0.5], [2.0, 1.0], [-3.0, 4.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelTypes.ParticleEnergy",
            Parameters = ["p.Position.X", "p.Position.Y", "p.Mass", "g"],
            Value = p => ParticleEnergy(Particle(p), p[3]),
            Gradient = p => ParticleEnergyGradient(Particle(p), p[3]) is var (gp, gg) ? [gp.Position.X, gp.Position.Y, gp.Mass, gg] : [],
            ValueAndGradient = p => ParticleEnergyValueAndGradient(Particle(p), p[3]) is var (v, (gp, gg)) ? (v, [gp.Position.X, gp.Position.Y, gp.Mass, gg]) : default,
            Pullback = (p, seed, a) =>
            {
                Particle adjoint = default;
                adjoint.Position.X = a[0];
                adjoint.Position.Y = a[1];
                adjoint.Mass = a[2];
                double value = ParticleEnergyPullback(Particle(p), p[3], seed, ref adjoint, ref a[3]);
                (a[0], a[1], a[2]) = (adjoint.Position.X, adjoint.Position.Y, adjoint.Mass);
                return value;
            },
            Pushforward = (p, t) => ParticleEnergyPushforward(Particle(p), p[3], Particle(t), t[3]),
            Analytic = p => [p[2] * p[0], 3 * p[2] * p[3], 3 * p[3] * p[1] + 0.5 * p[0] * p[0], 3 * p[2] * p[1]],
            Points = [[1.0, 2.0, 3.0, 9.81], [-0.5, 0.25, 1.5, -2.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelTypes.AffineSquare",
            Parameters = ["a.Scale", "a.Shift", "x"],
            Value = p => AffineSquare(new Affine(p[0], p[1]), p[2]),
            Gradient = p => AffineSquareGradient(new Affine(p[0], p[1]), p[2]) is var (ga, gx) ? [ga.Scale, ga.Shift, gx] : [],
            ValueAndGradient = p => AffineSquareValueAndGradient(new Affine(p[0], p[1]), p[2]) is var (v, (ga, gx)) ? (v, [ga.Scale, ga.Shift, gx]) : default,
            Pullback = (p, seed, a) =>
            {
                var adjoint = new Affine(a[0], a[1]);
                double value = AffineSquarePullback(new Affine(p[0], p[1]), p[2], seed, ref adjoint, ref a[2]);
                (a[0], a[1]) = (adjoint.Scale, adjoint.Shift);
                return value;
            },
            Pushforward = (p, t) => AffineSquarePushforward(new Affine(p[0], p[1]), p[2], new Affine(t[0], t[1]), t[2]),
            Analytic = p => [2 * (p[0] * p[2] + p[1]) * p[2], 2 * (p[0] * p[2] + p[1]), 2 * (p[0] * p[2] + p[1]) * p[0]],
            Points = [[2.0, 1.0, 0.5], [-1.0, 3.0, 2.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelTypes.PolarX",
            Parameters = ["p.Radius", "p.Angle"],
            Value = p => PolarX(new Polar(p[0], p[1])),
            Gradient = p => PolarXGradient(new Polar(p[0], p[1])) is var g ? [g.Radius, g.Angle] : [],
            ValueAndGradient = p => PolarXValueAndGradient(new Polar(p[0], p[1])) is var (v, g) ? (v, [g.Radius, g.Angle]) : default,
            Pullback = (p, seed, a) =>
            {
                var adjoint = new Polar(a[0], a[1]);
                double value = PolarXPullback(new Polar(p[0], p[1]), seed, ref adjoint);
                (a[0], a[1]) = (adjoint.Radius, adjoint.Angle);
                return value;
            },
            Pushforward = (p, t) => PolarXPushforward(new Polar(p[0], p[1]), new Polar(t[0], t[1])),
            Analytic = p => [Math.Cos(p[1]), -p[0] * Math.Sin(p[1])],
            Points = [[2.0, 0.3], [0.5, -2.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelTypes.MlpOutput",
            Parameters = MlpParameters,
            Value = MlpReference,
            Gradient = p => Flat(MlpOutputGradient(Net(p), Input)),
            ValueAndGradient = p => MlpOutputValueAndGradient(Net(p), Input) is var (v, g) ? (v, Flat(g)) : default,
            Pullback = (p, seed, a) =>
            {
                Mlp adjoint = Net(a);
                double value = MlpOutputPullback(Net(p), Input, seed, ref adjoint);
                Flat(adjoint).CopyTo(a, 0);
                return value;
            },
            Pushforward = (p, t) => MlpOutputPushforward(Net(p), Input, Net(t)),
            Analytic = MlpAnalytic,
            Points = [[0.1, 0.2, -0.3, 0.4, 0.0, 0.1, 1.0, -1.0, 0.5], [0.5, -0.2, 0.3, 0.1, -0.4, 0.2, 0.7, 0.3, -1.0]],
        };
    }

    private static readonly double[] PerceptronInput = [0.5, -2.0, 1.5];

    private static Perceptron Unit(double[] p) => new() { Weights = p[..3], Bias = p[3] };

    private static double[] Flat(Perceptron u) => [.. u.Weights, u.Bias];

    private static double[] PerceptronAnalytic(double[] p)
    {
        double s = p[3];
        for (int i = 0; i < 3; i++) s += p[i] * PerceptronInput[i];
        double d = 1 - Math.Tanh(s) * Math.Tanh(s);
        return [d * PerceptronInput[0], d * PerceptronInput[1], d * PerceptronInput[2], d];
    }

    public static IEnumerable<DoubleCase> ThisCases()
    {
        const double y = 1.25;
        yield return new DoubleCase
        {
            Name = "ModelTypes.Ray.Residual",
            Parameters = ["this.Slope", "this.Offset", "x"],
            Value = p => new Ray(p[0], p[1]).Residual(p[2], y),
            Gradient = p => new Ray(p[0], p[1]).ResidualGradient(p[2], y) is var (g, gx) ? [g.Slope, g.Offset, gx] : [],
            ValueAndGradient = p => new Ray(p[0], p[1]).ResidualValueAndGradient(p[2], y) is var (v, (g, gx)) ? (v, [g.Slope, g.Offset, gx]) : default,
            Pullback = (p, seed, a) =>
            {
                var adjoint = new Ray(a[0], a[1]);
                double value = new Ray(p[0], p[1]).ResidualPullback(p[2], y, seed, ref adjoint, ref a[2]);
                (a[0], a[1]) = (adjoint.Slope, adjoint.Offset);
                return value;
            },
            Pushforward = (p, t) => new Ray(p[0], p[1]).ResidualPushforward(p[2], y, new Ray(t[0], t[1]), t[2]),
            Analytic = p => [2 * (p[0] * p[2] + p[1] - y) * p[2], 2 * (p[0] * p[2] + p[1] - y), 2 * (p[0] * p[2] + p[1] - y) * p[0]],
            Points = [[2.0, 1.0, 0.5], [-1.0, 0.25, 3.0]],
        };

        yield return new DoubleCase
        {
            Name = "ModelTypes.Perceptron.Activation",
            Parameters = ["this.Weights[0]", "this.Weights[1]", "this.Weights[2]", "this.Bias"],
            Value = p => Unit(p).Activation(PerceptronInput),
            Gradient = p => Flat(Unit(p).ActivationGradient(PerceptronInput)),
            ValueAndGradient = p => Unit(p).ActivationValueAndGradient(PerceptronInput) is var (v, g) ? (v, Flat(g)) : default,
            Pullback = (p, seed, a) =>
            {
                Perceptron adjoint = Unit(a);
                double value = Unit(p).ActivationPullback(PerceptronInput, seed, ref adjoint);
                Flat(adjoint).CopyTo(a, 0);
                return value;
            },
            Pushforward = (p, t) => Unit(p).ActivationPushforward(PerceptronInput, Unit(t)),
            Analytic = PerceptronAnalytic,
            Points = [[0.1, 0.2, -0.3, 0.05], [0.5, -0.2, 0.3, -0.4]],
        };
    }

    private static Particle Particle(double[] p) => new() { Position = new Vec2 { X = p[0], Y = p[1] }, Mass = p[2], Charge = 2 };

    public static IEnumerable<FloatCase> FloatCases()
    {
        yield return new FloatCase
        {
            Name = "ModelTypes.LineMseF",
            Parameters = ["m.W", "m.B"],
            Value = p => LineMseF(new LineF(p[0], p[1]), XsF, YsF),
            Gradient = p => LineMseFGradient(new LineF(p[0], p[1]), XsF, YsF) is var g ? [g.W, g.B] : [],
            ValueAndGradient = p => LineMseFValueAndGradient(new LineF(p[0], p[1]), XsF, YsF) is var (v, g) ? (v, [g.W, g.B]) : default,
            Pullback = (p, seed, a) =>
            {
                var adjoint = new LineF(a[0], a[1]);
                float value = LineMseFPullback(new LineF(p[0], p[1]), XsF, YsF, seed, ref adjoint);
                (a[0], a[1]) = (adjoint.W, adjoint.B);
                return value;
            },
            Pushforward = (p, t) => LineMseFPushforward(new LineF(p[0], p[1]), XsF, YsF, new LineF(t[0], t[1])),
            Reference = LineMseReference,
            Analytic = LineMseAnalytic,
            Points = [[0f, 0f], [1.5f, -0.5f], [2f, 1f]],
        };

        yield return new FloatCase
        {
            Name = "ModelTypes.MlpOutputF",
            Parameters = MlpParameters,
            Value = p => MlpOutputF(NetF(p), InputF),
            Gradient = p => Flat(MlpOutputFGradient(NetF(p), InputF)),
            ValueAndGradient = p => MlpOutputFValueAndGradient(NetF(p), InputF) is var (v, g) ? (v, Flat(g)) : default,
            Pullback = (p, seed, a) =>
            {
                MlpF adjoint = NetF(a);
                float value = MlpOutputFPullback(NetF(p), InputF, seed, ref adjoint);
                Flat(adjoint).CopyTo(a, 0);
                return value;
            },
            Pushforward = (p, t) => MlpOutputFPushforward(NetF(p), InputF, NetF(t)),
            Reference = p => MlpOutput(Net(p), [0.7f, -1.3f]),
            Analytic = p => MlpAnalyticAt(p, [0.7f, -1.3f]),
            Points = [[0.1f, 0.2f, -0.3f, 0.4f, 0f, 0.1f, 1f, -1f, 0.5f], [0.5f, -0.2f, 0.3f, 0.1f, -0.4f, 0.2f, 0.7f, 0.3f, -1f]],
        };
    }

    private static double[] MlpAnalyticAt(double[] p, double[] input)
    {
        var g = new double[p.Length];
        Mlp net = Net(p);
        g[4 * Hidden] = 1;
        for (int j = 0; j < Hidden; j++)
        {
            double a = net.B1[j];
            for (int i = 0; i < input.Length; i++) a += net.W1[j * input.Length + i] * input[i];
            double t = Math.Tanh(a);
            g[(3 * Hidden) + j] = t;
            double da = net.W2[j] * (1 - t * t);
            g[(2 * Hidden) + j] = da;
            for (int i = 0; i < input.Length; i++) g[j * input.Length + i] = da * input[i];
        }

        return g;
    }
}
