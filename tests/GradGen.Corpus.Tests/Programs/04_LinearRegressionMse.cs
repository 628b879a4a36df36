using System;
using GradGen;

// Ordinary least squares: mean squared error of a linear model. The gradient is accumulated with the
// pullback, the way a training loop over mini-batches would.
public static partial class LinearRegression
{
    [Differentiable]
    public static double Mse(double[] w, double b, [NoDerivative] double[] x, [NoDerivative] double[] y)
    {
        int d = w.Length;
        int n = y.Length;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double pred = b;
            for (int j = 0; j < d; j++)
                pred += w[j] * x[i * d + j];
            double r = pred - y[i];
            sum += r * r;
        }
        return sum / n;
    }
}

public static class Harness
{
    private const int D = 3, N = 20;

    public static double[] Start() => [0.1, 0.2, -0.3, 0.4];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var y = new double[N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < D; j++) x[i * D + j] = r.NextDouble() * 4 - 2;
            y[i] = 1.0 + 2.0 * x[i * D] - 0.5 * x[i * D + 1] + 0.1 * (r.NextDouble() - 0.5);
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return LinearRegression.Mse(t[..D], t[D], x, y);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var gw = new double[D];
        double gb = 0;
        LinearRegression.MsePullback(t[..D], t[D], x, y, 1.0, gw, ref gb);
        return [.. gw, gb];
    }
}
