using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

public static partial class RoundWithMidpointRounding
{
#pragma warning disable GG1001 // On purpose: Round is a step; its zero derivative is what this tests.
    [Differentiable(Forward = true)]
    public static double RoundModes(double x, double y) =>
        Math.Round(y, MidpointRounding.AwayFromZero) * x + Math.Round(x * y, 1, MidpointRounding.ToZero) + x * y;
#pragma warning restore GG1001

    public static (double, double) RoundModesAnalytic(double x, double y) =>
        (Math.Round(y, MidpointRounding.AwayFromZero) + y, x);

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(RoundModes), RoundModes, RoundModesGradient, RoundModesValueAndGradient,
            RoundModesPullback, RoundModesAnalytic, (0.3, 2.7), (-1.3, 0.45), (2.2, -1.6));
    }
}
