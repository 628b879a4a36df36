using System;
using GradGen;

// Ridge regression: sum of squared errors plus alpha·|w|², with the intercept not penalized.
public static partial class RidgeRegression
{
    [Differentiable]
    public static double Loss(double[] w, double intercept,
        [NoDerivative] double[][] X, [NoDerivative] double[] y, [NoDerivative] double alpha)
    {
        double sse = 0;
        for (int i = 0; i < X.Length; i++)
        {
            double[] row = X[i];
            double pred = intercept;
            for (int j = 0; j < row.Length; j++)
                pred += row[j] * w[j];
            sse += (y[i] - pred) * (y[i] - pred);
        }

        double penalty = 0;
        foreach (double wj in w)
            penalty += wj * wj;
        return sse + alpha * penalty;
    }
}

public static class Harness
{
    private const int D = 5, N = 16;

    public static double[] Start() => [0.5, -0.4, 0.3, -0.2, 0.1, 0.25];

    private static (double[][] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N][];
        var y = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = new double[D];
            for (int j = 0; j < D; j++) x[i][j] = r.NextDouble() - 0.5;
            y[i] = x[i][0] - x[i][3] + 0.05 * r.NextDouble();
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return RidgeRegression.Loss(t[..D], t[D], x, y, 0.3);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var g = RidgeRegression.LossGradient(t[..D], t[D], x, y, 0.3);
        return [.. g.w, g.intercept];
    }
}
