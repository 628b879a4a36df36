using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// [Differentiable] methods that call the user's own helpers, which are not marked: GradGen differentiates each helper
/// through a pullback it generates for it (internal, once however many methods call it), as written.
/// </summary>
public static partial class Helpers
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    // A helper calling a helper.
    private static double Softplus(double z) => Math.Log(1 + Math.Exp(z)) + 0 * Sigmoid(z);

    [Differentiable(Forward = true)]
    public static double Logistic(double w, double b, [NoDerivative] double x, [NoDerivative] double y)
    {
        double p = Sigmoid(w * x + b);
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }

    public static (double, double) LogisticAnalytic(double w, double b, double x, double y)
    {
        double p = 1 / (1 + Math.Exp(-(w * x + b)));
        return ((p - y) * x, p - y);
    }

    // Two helpers, one used twice and one through another helper; a constant int argument.
    [Differentiable(Forward = true)]
    public static double Mixed(double a, double b) => Softplus(a * b) + Scaled(Sigmoid(a), 3) * Sigmoid(b);

    private static double Scaled(double v, int k) => v * k;

    public static (double, double) MixedAnalytic(double a, double b)
    {
        static double S(double z) => 1 / (1 + Math.Exp(-z));
        double sa = S(a), sb = S(b);
        double dSoftplus = S(a * b);
        return (dSoftplus * b + 3 * sa * (1 - sa) * sb, dSoftplus * a + 3 * sa * sb * (1 - sb));
    }

    // A helper with an array parameter and a loop, called in a loop of the caller.
    private static double LogSumExp(double[] v)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < v.Length; i++) max = Math.Max(max, v[i]);
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += Math.Exp(v[i] - max);
        return max + Math.Log(s);
    }

    [Differentiable(Forward = true)]
    public static double SoftmaxLoss(double[] logits, int label) => LogSumExp(logits) - logits[label];

    public static double[] SoftmaxLossAnalytic(double[] logits, int label)
    {
        double max = logits.Max();
        double s = logits.Sum(v => Math.Exp(v - max));
        double[] g = logits.Select(v => Math.Exp(v - max) / s).ToArray();
        g[label] -= 1;
        return g;
    }

    // A helper in another partial type, called with a differentiable and a constant argument.
    [Differentiable(Forward = true)]
    public static double Robust(double r, double delta) => Losses.Huber(r, 1.5) + Losses.Huber(delta, 0.5) * r;

    public static (double, double) RobustAnalytic(double r, double delta) =>
        (Losses.HuberSlope(r, 1.5) + Losses.Huber(delta, 0.5), Losses.HuberSlope(delta, 0.5) * r);

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        foreach ((double x, double y) in new[] { (0.5, 1.0), (-2.0, 0.0) })
        {
            yield return Case.D2($"{nameof(Logistic)}(x={x},y={y})", ["w", "b"],
                (w, b) => Logistic(w, b, x, y),
                (w, b) => LogisticGradient(w, b, x, y),
                (w, b) => LogisticValueAndGradient(w, b, x, y),
                (double w, double b, double s, ref double aw, ref double ab) => LogisticPullback(w, b, x, y, s, ref aw, ref ab),
                (w, b) => LogisticAnalytic(w, b, x, y), (0.3, -0.1), (-1.5, 2.0), (4.0, 0.5)) with { Pushforward = (p, tangent) => LogisticPushforward(p[0], p[1], x, y, tangent[0], tangent[1]) };
        }

        yield return Case.D2(nameof(Mixed), Mixed, MixedGradient, MixedValueAndGradient, MixedPullback, MixedAnalytic,
            (0.5, 1.0), (-1.2, 0.3), (2.0, -0.4));
        yield return Case.D2(nameof(Robust), Robust, RobustGradient, RobustValueAndGradient, RobustPullback, RobustAnalytic,
            (0.5, 0.2), (-3.0, 0.7), (2.0, -2.5));
        foreach (int label in new[] { 0, 2 })
        {
            yield return new DoubleCase
            {
                Name = $"{nameof(SoftmaxLoss)}(label={label})",
                Parameters = ["l[0]", "l[1]", "l[2]", "l[3]"],
                Value = p => SoftmaxLoss(p, label),
                Gradient = p => SoftmaxLossGradient(p, label),
                ValueAndGradient = p => SoftmaxLossValueAndGradient(p, label),
                Pullback = (p, seed, a) => SoftmaxLossPullback(p, label, seed, a),
                Pushforward = (p, tangent) => SoftmaxLossPushforward(p, label, tangent),
                Analytic = p => SoftmaxLossAnalytic(p, label),
                Points = [[0.5, -1.0, 2.0, 0.1], [3.0, 0.25, -7.0, 1.5]],
            };
        }
    }
}

/// <summary>Helpers in a type of their own, which must be partial: GradGen adds their pullbacks to it.</summary>
public static partial class Losses
{
    public static double Huber(double r, double delta)
    {
        double a = Math.Abs(r);
        if (a <= delta) return 0.5 * r * r;
        return delta * (a - 0.5 * delta);
    }

    public static double HuberSlope(double r, double delta) => Math.Abs(r) <= delta ? r : delta * Math.Sign(r);
}
