using System;
using GradGen;

// A per-example loss (the Cauchy / Lorentzian robust loss of a linear model), with the mini-batch gradient
// accumulated the way training loops do it: one pullback per example, seeded with 1/N, into shared adjoints.
public static partial class CauchyRegression
{
    [Differentiable]
    public static double ExampleLoss(double[] w, double b, [NoDerivative] double[] x, [NoDerivative] double y, [NoDerivative] double scale)
    {
        double pred = b;
        for (int j = 0; j < w.Length; j++)
            pred += w[j] * x[j];
        double r = (y - pred) / scale;
        return 0.5 * scale * scale * Math.Log(1 + r * r);
    }
}

public static class Harness
{
    private const int D = 3, N = 16;

    public static double[] Start() => [0.2, -0.5, 0.9, 0.3];

    private static (double[][] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N][];
        var y = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = [r.NextDouble() - 0.5, r.NextDouble() - 0.5, r.NextDouble() - 0.5];
            y[i] = 1.0 * x[i][0] - 2.0 * x[i][1] + 0.5 + (i % 7 == 0 ? 5.0 : 0.1 * (r.NextDouble() - 0.5));
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        double sum = 0;
        for (int i = 0; i < N; i++) sum += CauchyRegression.ExampleLoss(t[..D], t[D], x[i], y[i], 0.8);
        return sum / N;
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        double[] w = t[..D];
        var gw = new double[D];
        double gb = 0;
        for (int i = 0; i < N; i++)
            CauchyRegression.ExampleLossPullback(w, t[D], x[i], y[i], 0.8, 1.0 / N, gw, ref gb);
        return [.. gw, gb];
    }
}
