using System;
using System.Diagnostics;
using GradGen;

// Unnormalized log posterior of Bayesian linear regression: Gaussian likelihood with noise exp(logNoise),
// a Gaussian prior on the weights (w[0] is the intercept) and a standard normal prior on logNoise.
// The MAP estimate maximizes it; HMC samplers need its gradient.
public static partial class BayesianLinearRegression
{
    [Differentiable]
    public static double LogPosterior(double[] w, double logNoise,
        [NoDerivative] double[] x, [NoDerivative] double[] y, [NoDerivative] double priorPrecision)
    {
        int d = w.Length - 1;
        Debug.Assert(x.Length == y.Length * d, "x must hold d features per observation");

        double noiseVar = Math.Exp(2 * logNoise);
        double logLik = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double mu = w[0];
            for (int j = 0; j < d; j++)
                mu += w[j + 1] * x[i * d + j];
            double r = y[i] - mu;
            logLik += -0.5 * r * r / noiseVar - logNoise - 0.5 * Math.Log(2 * Math.PI);
        }

        double logPrior = 0;
        for (int j = 0; j < w.Length; j++)
            logPrior -= 0.5 * priorPrecision * w[j] * w[j];
        logPrior -= 0.5 * logNoise * logNoise;
        return logLik + logPrior;
    }
}

public static class Harness
{
    private const int D = 2, N = 20;

    public static double[] Start() => [0.2, 0.5, -0.3, -0.7];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var y = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i * D] = 2 * r.NextDouble() - 1;
            x[i * D + 1] = 2 * r.NextDouble() - 1;
            y[i] = 0.3 + 0.9 * x[i * D] - 0.4 * x[i * D + 1] + 0.3 * (r.NextDouble() - 0.5);
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return BayesianLinearRegression.LogPosterior(t[..(D + 1)], t[D + 1], x, y, 0.5);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var dw = new double[D + 1];
        double dLogNoise = 0;
        BayesianLinearRegression.LogPosteriorPullback(t[..(D + 1)], t[D + 1], x, y, 0.5, 1.0, dw, ref dLogNoise);
        return [.. dw, dLogNoise];
    }
}
