using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// Stencils: each iteration reads neighbouring elements, so its adjoint work adds into <c>_d_x[i]</c> and
/// <c>_d_x[i + 1]</c>. GradGen carries the <c>i + 1</c> share to the next iteration in a local; these cases check
/// it in both orders of the two updates, for inputs too short for the loop to run, and next to wider stencils that
/// keep the plain updates.
/// </summary>
public static partial class Stencils
{
    // A smoothness penalty: the sum of squared forward differences.
    [Differentiable(Forward = true)]
    public static double Smoothness(double[] x)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i];
            f += d * d;
        }

        return f;
    }

    public static double[] SmoothnessAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        for (int i = 0; i < x.Length - 1; i++)
        {
            double d = x[i + 1] - x[i];
            g[i + 1] += 2 * d;
            g[i] -= 2 * d;
        }

        return g;
    }

    // The element at i first, then the one at i + 1, through a nonlinear function, with an active weight.
    [Differentiable(Forward = true)]
    public static double NeighbourSine(ReadOnlySpan<double> x, double w)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            f += Math.Sin(w * x[i] - 2 * x[i + 1]);
        }

        return f;
    }

    public static (double[] X, double W) NeighbourSineAnalytic(double[] x, double w)
    {
        double[] g = new double[x.Length];
        double gw = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double c = Math.Cos(w * x[i] - 2 * x[i + 1]);
            g[i] += w * c;
            g[i + 1] -= 2 * c;
            gw += x[i] * c;
        }

        return (g, gw);
    }

    // A second difference reads three neighbours: the updates stay as they are.
    [Differentiable(Forward = true)]
    public static double Curvature(double[] x)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 2; i++)
        {
            double d = x[i] - 2 * x[i + 1] + x[i + 2];
            f += d * d;
        }

        return f;
    }

    public static double[] CurvatureAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        for (int i = 0; i < x.Length - 2; i++)
        {
            double d = x[i] - 2 * x[i + 1] + x[i + 2];
            g[i] += 2 * d;
            g[i + 1] -= 4 * d;
            g[i + 2] += 2 * d;
        }

        return g;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cases.

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return LoopCase.Vector(nameof(Smoothness), Smoothness, SmoothnessGradient, p => SmoothnessValueAndGradient(p),
            (p, seed, a) => SmoothnessPullback(p, seed, a), SmoothnessAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.3], [1.5, 0.1, -2.0, 0.6, 0.8]) with { Pushforward = (p, tangent) => SmoothnessPushforward(p, tangent) };

        // One element: the loop never runs, and nothing is carried to the element after it.
        yield return LoopCase.Vector(nameof(Smoothness) + "(one element)", Smoothness, SmoothnessGradient, p => SmoothnessValueAndGradient(p),
            (p, seed, a) => SmoothnessPullback(p, seed, a), SmoothnessAnalytic,
            [0.5], [-1.5]) with { Pushforward = (p, tangent) => SmoothnessPushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(Smoothness) + "(two elements)", Smoothness, SmoothnessGradient, p => SmoothnessValueAndGradient(p),
            (p, seed, a) => SmoothnessPullback(p, seed, a), SmoothnessAnalytic,
            [0.5, -1.2], [1.5, 0.1]) with { Pushforward = (p, tangent) => SmoothnessPushforward(p, tangent) };

        yield return LoopCase.VectorScalar(nameof(NeighbourSine), ("x", 5, "w"), (x, w) => NeighbourSine(x, w), (x, w) => NeighbourSineGradient(x, w),
            (x, w) => NeighbourSineValueAndGradient(x, w),
            (double[] x, double w, double seed, Span<double> dx, ref double dw) => NeighbourSinePullback(x, w, seed, dx, ref dw),
            NeighbourSineAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.3, 0.7], [1.5, 0.1, -2.0, 0.6, 0.8, -1.3]) with { Pushforward = (p, tangent) => NeighbourSinePushforward(p[..5], p[5], tangent.AsSpan(0, 5), tangent[5]) };

        yield return LoopCase.Vector(nameof(Curvature), Curvature, CurvatureGradient, p => CurvatureValueAndGradient(p),
            (p, seed, a) => CurvaturePullback(p, seed, a), CurvatureAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.3], [1.5, 0.1, -2.0, 0.6, 0.8]) with { Pushforward = (p, tangent) => CurvaturePushforward(p, tangent) };
    }
}
