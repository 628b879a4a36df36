using GradGen.Numerics.Tests.Infrastructure;

#pragma warning disable GG1008 // fields and properties read as constants on purpose: the cases check they get no derivative

namespace GradGen.Numerics.Tests.Functions;

/// <summary>The float twins of <see cref="Composite"/>, and a float instance method.</summary>
public static partial class CompositeFloat
{
    [Differentiable(Forward = true)]
    public static float RosenbrockF(float x, float y)
    {
        float a = 1 - x;
        float b = y - x * x;
        return a * a + 100 * b * b;
    }

    [Differentiable(Forward = true)]
    public static float SigmoidF(float x) => 1 / (1 + MathF.Exp(-x));

    [Differentiable(Forward = true)]
    public static float SoftplusF(float x) => MathF.Log(1 + MathF.Exp(x));

#pragma warning disable GG1002 // On purpose: a ReLU-like kink; the gradient of the branch taken is what this tests.
    [Differentiable(Forward = true)]
    public static float LeakyReluF(float x) => x > 0 ? x : 0.1f * x;

    [Differentiable(Forward = true)]
    public static float BranchF(float x, float y) => 1 + (x > y ? x * y : x - y * y) * 2;
#pragma warning restore GG1002

    [Differentiable(Forward = true)]
    public static float LogisticLossF(float w, float b, [NoDerivative] float x, [NoDerivative] float label)
    {
        float z = w * x + b;
        return MathF.Log(1 + MathF.Exp(-label * z));
    }

    [Differentiable(Forward = true)]
    public static float GaussianF(float x, float mu, float sigma) =>
        MathF.Exp(-0.5f * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * MathF.Sqrt(2 * MathF.PI));

    [Differentiable(Forward = true)]
    public static float KitchenF(float x, float y)
    {
        float s = MathF.Sin(x) + MathF.Cos(y) * MathF.Tanh(x * y);
        float r = MathF.Sqrt(1 + s * s);
        s += MathF.Exp(-r) - MathF.Log(r + x * x);
        return s * MathF.Atan(y) / r;
    }

    /// <summary>A float instance method of a nested partial class: the field is a constant.</summary>
    public sealed partial class Damper(float coefficient)
    {
        private readonly float _coefficient = coefficient;

        [Differentiable(Forward = true)]
        public float Force(float velocity, float stiffness) => -_coefficient * velocity * MathF.Abs(velocity) - stiffness * velocity;

        public double Reference(double velocity, double stiffness) =>
            -(double)_coefficient * velocity * Math.Abs(velocity) - stiffness * velocity;

        public (double, double) Analytic(double velocity, double stiffness) =>
            (-2 * (double)_coefficient * Math.Abs(velocity) - stiffness, -velocity);
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F2(nameof(RosenbrockF), RosenbrockF, RosenbrockFGradient, RosenbrockFValueAndGradient,
            RosenbrockFPullback, Composite.Rosenbrock, Composite.RosenbrockAnalytic, (-1.2f, 1.0f), (1.0f, 1.0f), (0.5f, -0.3f));
        yield return Case.F1(nameof(SigmoidF), SigmoidF, SigmoidFGradient, SigmoidFValueAndGradient, SigmoidFPullback,
            Composite.Sigmoid, Composite.SigmoidAnalytic, -3.0f, -0.5f, 0.0f, 0.7f, 4.0f);
        yield return Case.F1(nameof(SoftplusF), SoftplusF, SoftplusFGradient, SoftplusFValueAndGradient, SoftplusFPullback,
            Composite.Softplus, Composite.SoftplusAnalytic, -3.0f, -0.5f, 0.0f, 0.7f, 4.0f);
        yield return Case.F1(nameof(LeakyReluF), LeakyReluF, LeakyReluFGradient, LeakyReluFValueAndGradient, LeakyReluFPullback,
            Composite.LeakyRelu, Composite.LeakyReluAnalytic, -3.0f, -0.5f, 0.7f, 4.0f);
        yield return Case.F2(nameof(BranchF), BranchF, BranchFGradient, BranchFValueAndGradient, BranchFPullback,
            Composite.Branch, Composite.BranchAnalytic, (2.0f, 1.0f), (-1.0f, 0.5f), (0.3f, -0.7f), (1.0f, 3.0f));
        foreach ((float x, float label) in new[] { (0.5f, 1.0f), (-2.0f, -1.0f) })
        {
            yield return Case.F2($"{nameof(LogisticLossF)}(x={x},label={label})", ["w", "b"],
                (w, b) => LogisticLossF(w, b, x, label),
                (w, b) => LogisticLossFGradient(w, b, x, label),
                (w, b) => LogisticLossFValueAndGradient(w, b, x, label),
                (float w, float b, float s, ref float aw, ref float ab) => LogisticLossFPullback(w, b, x, label, s, ref aw, ref ab),
                (w, b) => Composite.LogisticLoss(w, b, x, label),
                (w, b) => Composite.LogisticLossAnalytic(w, b, x, label), (0.3f, -0.1f), (-1.5f, 2.0f), (4.0f, 0.5f)) with { Pushforward = (p, tangent) => LogisticLossFPushforward(p[0], p[1], x, label, tangent[0], tangent[1]) };
        }

        yield return Case.F3(nameof(GaussianF), GaussianF, GaussianFGradient, GaussianFValueAndGradient, GaussianFPullback,
            Composite.Gaussian, Composite.GaussianAnalytic, (0.5f, 0.0f, 1.0f), (-1.0f, 0.3f, 0.5f), (2.0f, 1.0f, 3.0f));
        yield return Case.F2(nameof(KitchenF), KitchenF, KitchenFGradient, KitchenFValueAndGradient, KitchenFPullback,
            Composite.Kitchen, Composite.KitchenAnalytic, (0.5f, 1.0f), (-1.2f, 0.3f), (2.0f, -0.4f), (0.7f, 0.7f));
        var damper = new Damper(0.75f);
        yield return Case.F2("Damper(0.75).Force", ["velocity", "stiffness"], damper.Force, damper.ForceGradient,
            damper.ForceValueAndGradient, damper.ForcePullback, damper.Reference, damper.Analytic,
            (1.5f, 2.0f), (-0.5f, 10.0f), (3.0f, -1.0f));
    }
}
