using System;
using GradGen;

// Heteroscedastic regression: a linear model predicts both the mean and the log standard deviation of a
// Gaussian, trained by its negative log-likelihood.
public static partial class HeteroscedasticRegression
{
    private const double HalfLog2Pi = 0.91893853320467274;

    [Differentiable]
    public static double GaussianNll(double[] meanCoef, double[] logStdCoef, [NoDerivative] double[] x, [NoDerivative] double[] y)
    {
        double nll = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double mean = meanCoef[0] + meanCoef[1] * x[i];
            double logStd = logStdCoef[0] + logStdCoef[1] * x[i];
            double z = (y[i] - mean) * Math.Exp(-logStd);
            nll += HalfLog2Pi + logStd + 0.5 * z * z;
        }
        return nll / x.Length;
    }
}

public static class Harness
{
    public static double[] Start() => [0.1, 0.8, -0.5, 0.2];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[30];
        var y = new double[30];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 2 * r.NextDouble() - 1;
            double g = Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
            y[i] = 1.0 * x[i] + Math.Exp(-1 + 0.5 * x[i]) * g;
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return HeteroscedasticRegression.GaussianNll(t[..2], t[2..], x, y);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var (dMean, dLogStd) = HeteroscedasticRegression.GaussianNllGradient(t[..2], t[2..], x, y);
        return [.. dMean, .. dLogStd];
    }
}
