using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

public enum Activation
{
    Identity = 1,
    Square = 2,
}

public static partial class EnumParameter
{
    [Differentiable(Forward = true)]
    public static double Activate(double x, Activation activation) =>
        (activation == Activation.Square ? x * x : x) + (int)activation * x;

    public static double ActivateAnalytic(double x, Activation activation) =>
        (activation == Activation.Square ? 2 * x : 1) + (int)activation;

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        foreach (Activation a in new[] { Activation.Identity, Activation.Square })
        {
            yield return Case.D1($"{nameof(Activate)}({a})",
                x => Activate(x, a), x => ActivateGradient(x, a), x => ActivateValueAndGradient(x, a),
                (double x, double s, ref double ax) => ActivatePullback(x, a, s, ref ax),
                x => ActivateAnalytic(x, a), -1.5, 0.0, 2.0) with { Pushforward = (p, tangent) => ActivatePushforward(p[0], a, tangent[0]) };
        }
    }
}
