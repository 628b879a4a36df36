using System;
using GradGen;

// Regression of a positive quantity (a rate) through a softplus output unit, with the usual guard that
// returns x itself for large x where log(1 + e^x) would overflow.
public static partial class PositiveRegression
{
    [Differentiable]
    static double Softplus(double x) => x is > 30.0 ? x : Math.Log(1 + Math.Exp(x));

    [Differentiable]
    public static double Loss(double[] w, double b, [NoDerivative] double[] x, [NoDerivative] double[] y)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
                z += w[j] * x[i * d + j];
            double rate = Softplus(z);
            loss += (rate - y[i]) * (rate - y[i]);
        }
        return loss / y.Length;
    }
}

public static class Harness
{
    private const int D = 2, N = 20;

    public static double[] Start() => [0.5, -0.3, 0.2];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var y = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i * D] = 2 * r.NextDouble() - 1;
            x[i * D + 1] = 2 * r.NextDouble() - 1;
            y[i] = Math.Log(1 + Math.Exp(1.2 * x[i * D] - 0.7 * x[i * D + 1] + 0.3));
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return PositiveRegression.Loss(t[..D], t[D], x, y);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var g = PositiveRegression.LossGradient(t[..D], t[D], x, y);
        return [.. g.w, g.b];
    }
}
