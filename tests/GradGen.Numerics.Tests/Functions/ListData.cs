using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Data held in lists: indexed, counted and iterated; the lists are constants.</summary>
public static partial class ListData
{
    private static readonly List<double> Xs = [0.5, -1.0, 2.0, 1.5];
    private static readonly double[] YsArray = [1.0, 0.2, 3.5, 2.0];
    private static readonly IReadOnlyList<double> Ys = YsArray;

    [Differentiable(Forward = true)]
    public static double Fit(double w, double b, List<double> xs, IReadOnlyList<double> ys)
    {
        double loss = 0;
        for (int i = 0; i < xs.Count; i++)
        {
            double r = ys[i] - (w * xs[i] + b);
            loss += r * r;
        }

        foreach (double x in xs) loss += 0.1 * w * w * x * x;
        return loss / ys.Count;
    }

    public static (double, double) FitAnalytic(double w, double b, List<double> xs, IReadOnlyList<double> ys)
    {
        double gw = 0, gb = 0;
        for (int i = 0; i < xs.Count; i++)
        {
            double r = ys[i] - (w * xs[i] + b);
            gw += -2 * r * xs[i] + 0.2 * w * xs[i] * xs[i];
            gb += -2 * r;
        }

        return (gw / ys.Count, gb / ys.Count);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(Fit), ["w", "b"], (w, b) => Fit(w, b, Xs, Ys), (w, b) => FitGradient(w, b, Xs, Ys),
            (w, b) => FitValueAndGradient(w, b, Xs, Ys), (double w, double b, double s, ref double aw, ref double ab) => FitPullback(w, b, Xs, Ys, s, ref aw, ref ab),
            (w, b) => FitAnalytic(w, b, Xs, Ys), (0.5, 1.5), (-2.0, 1.0), (3.0, -0.7)) with { Pushforward = (p, tangent) => FitPushforward(p[0], p[1], Xs, Ys, tangent[0], tangent[1]) };
    }
}
