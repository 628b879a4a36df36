using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Functions of the kind users write (losses, activations), and the conditional operator as a value.</summary>
public static partial class Composite
{
    [Differentiable(Forward = true)]
    public static double Rosenbrock(double x, double y)
    {
        double a = 1 - x;
        double b = y - x * x;
        return a * a + 100 * b * b;
    }

    public static (double, double) RosenbrockAnalytic(double x, double y)
    {
        double b = y - x * x;
        return (-2 * (1 - x) - 400 * x * b, 200 * b);
    }

    [Differentiable(Forward = true)]
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    public static double SigmoidAnalytic(double x)
    {
        double s = 1 / (1 + Math.Exp(-x));
        return s * (1 - s);
    }

    [Differentiable(Forward = true)]
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    public static double SoftplusAnalytic(double x) => 1 / (1 + Math.Exp(-x));

#pragma warning disable GG1002 // On purpose: a ReLU-like kink; the gradient of the branch taken is what this tests.
    [Differentiable(Forward = true)]
    public static double LeakyRelu(double x) => x > 0 ? x : 0.1 * x;
#pragma warning restore GG1002

    public static double LeakyReluAnalytic(double x) => x > 0 ? 1 : 0.1;

#pragma warning disable GG1002 // On purpose: ?: on a comparison of two differentiable values, inside a larger expression.
    [Differentiable(Forward = true)]
    public static double Branch(double x, double y) => 1 + (x > y ? x * y : x - y * y) * 2;
#pragma warning restore GG1002

    public static (double, double) BranchAnalytic(double x, double y) => x > y ? (2 * y, 2 * x) : (2, -4 * y);

    // A logistic-regression loss for one sample: the sample (x, label) is data.
    [Differentiable(Forward = true)]
    public static double LogisticLoss(double w, double b, [NoDerivative] double x, [NoDerivative] double label)
    {
        double z = w * x + b;
        return Math.Log(1 + Math.Exp(-label * z));
    }

    public static (double, double) LogisticLossAnalytic(double w, double b, double x, double label)
    {
        double m = -label * (w * x + b);
        double dz = -label * Math.Exp(m) / (1 + Math.Exp(m));
        return (dz * x, dz);
    }

    [Differentiable(Forward = true)]
    public static double Gaussian(double x, double mu, double sigma) =>
        Math.Exp(-0.5 * ((x - mu) / sigma) * ((x - mu) / sigma)) / (sigma * Math.Sqrt(2 * Math.PI));

    public static (double, double, double) GaussianAnalytic(double x, double mu, double sigma)
    {
        double z = (x - mu) / sigma;
        double g = Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
        return (-g * z / sigma, g * z / sigma, g * (z * z - 1) / sigma);
    }

    // Every elementary function in one expression, so that their adjoints meet in shared sub-expressions.
    [Differentiable(Forward = true)]
    public static double Kitchen(double x, double y)
    {
        double s = Math.Sin(x) + Math.Cos(y) * Math.Tanh(x * y);
        double r = Math.Sqrt(1 + s * s);
        s += Math.Exp(-r) - Math.Log(r + x * x);
        return s * Math.Atan(y) / r;
    }

    public static (double, double) KitchenAnalytic(double x, double y)
    {
        double th = Math.Tanh(x * y);
        double sech2 = 1 - th * th;
        double s0 = Math.Sin(x) + Math.Cos(y) * th;
        double ds0x = Math.Cos(x) + Math.Cos(y) * sech2 * y;
        double ds0y = -Math.Sin(y) * th + Math.Cos(y) * sech2 * x;
        double r = Math.Sqrt(1 + s0 * s0);
        double drx = s0 * ds0x / r, dry = s0 * ds0y / r;
        double s1 = s0 + Math.Exp(-r) - Math.Log(r + x * x);
        double ds1x = ds0x - Math.Exp(-r) * drx - (drx + 2 * x) / (r + x * x);
        double ds1y = ds0y - Math.Exp(-r) * dry - dry / (r + x * x);
        double at = Math.Atan(y);
        // f = s1 at / r
        return ((ds1x * r - s1 * drx) * at / (r * r), (ds1y * r - s1 * dry) * at / (r * r) + s1 / (r * (1 + y * y)));
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(Rosenbrock), Rosenbrock, RosenbrockGradient, RosenbrockValueAndGradient, RosenbrockPullback,
            RosenbrockAnalytic, (-1.2, 1.0), (1.0, 1.0), (0.5, -0.3), (2.0, 3.5));
        yield return Case.D1(nameof(Sigmoid), Sigmoid, SigmoidGradient, SigmoidValueAndGradient, SigmoidPullback, SigmoidAnalytic,
            -3.0, -0.5, 0.0, 0.7, 4.0);
        yield return Case.D1(nameof(Softplus), Softplus, SoftplusGradient, SoftplusValueAndGradient, SoftplusPullback, SoftplusAnalytic,
            -3.0, -0.5, 0.0, 0.7, 4.0);
        yield return Case.D1(nameof(LeakyRelu), LeakyRelu, LeakyReluGradient, LeakyReluValueAndGradient, LeakyReluPullback,
            LeakyReluAnalytic, -3.0, -0.5, 0.7, 4.0);
        yield return Case.D2(nameof(Branch), Branch, BranchGradient, BranchValueAndGradient, BranchPullback, BranchAnalytic,
            (2.0, 1.0), (-1.0, 0.5), (0.3, -0.7), (1.0, 3.0));
        foreach ((double x, double label) in new[] { (0.5, 1.0), (-2.0, -1.0) })
        {
            yield return Case.D2($"{nameof(LogisticLoss)}(x={x},label={label})", ["w", "b"],
                (w, b) => LogisticLoss(w, b, x, label),
                (w, b) => LogisticLossGradient(w, b, x, label),
                (w, b) => LogisticLossValueAndGradient(w, b, x, label),
                (double w, double b, double s, ref double aw, ref double ab) => LogisticLossPullback(w, b, x, label, s, ref aw, ref ab),
                (w, b) => LogisticLossAnalytic(w, b, x, label), (0.3, -0.1), (-1.5, 2.0), (4.0, 0.5)) with { Pushforward = (p, tangent) => LogisticLossPushforward(p[0], p[1], x, label, tangent[0], tangent[1]) };
        }

        yield return Case.D3(nameof(Gaussian), ["x", "mu", "sigma"], Gaussian, GaussianGradient, GaussianValueAndGradient,
            GaussianPullback, GaussianAnalytic, (0.5, 0.0, 1.0), (-1.0, 0.3, 0.5), (2.0, 1.0, 3.0));
        yield return Case.D2(nameof(Kitchen), Kitchen, KitchenGradient, KitchenValueAndGradient, KitchenPullback, KitchenAnalytic,
            (0.5, 1.0), (-1.2, 0.3), (2.0, -0.4), (0.7, 0.7));
    }
}
