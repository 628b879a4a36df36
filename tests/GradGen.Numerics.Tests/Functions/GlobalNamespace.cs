using GradGen;
using GradGen.Numerics.Tests.Infrastructure;

/// <summary>A differentiable method in a type of the global namespace.</summary>
public static partial class GlobalNamespaceFunctions
{
    [Differentiable(Forward = true)]
    public static double Global(double x) => x / (1 + x * x);

    public static double GlobalAnalytic(double x) => (1 - x * x) / ((1 + x * x) * (1 + x * x));

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D1("global::" + nameof(Global), Global, GlobalGradient, GlobalValueAndGradient, GlobalPullback,
            GlobalAnalytic, -2.0, 0.0, 0.5, 3.0);
    }
}
