using System;
using GradGen;

// Poisson regression (log link) for count data: negative log-likelihood up to the log(y!) constant.
// beta[0] is the intercept.
public static partial class PoissonRegression
{
    [Differentiable]
    public static double NegLogLikelihood(double[] beta, [NoDerivative] double[] x, int[] counts, int features)
    {
        double nll = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            double eta = beta[0];
            for (int j = 0; j < features; j++)
                eta += beta[j + 1] * x[i * features + j];
            nll += Math.Exp(eta) - counts[i] * eta;
        }
        return nll / counts.Length;
    }
}

public static class Harness
{
    private const int D = 2, N = 30;

    public static double[] Start() => [0.3, 0.2, -0.1];

    private static (double[] X, int[] Counts) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var counts = new int[N];
        for (int i = 0; i < N; i++)
        {
            x[i * D] = r.NextDouble();
            x[i * D + 1] = r.NextDouble() - 0.5;
            double lambda = Math.Exp(0.5 + 0.8 * x[i * D] - 0.4 * x[i * D + 1]);
            // Knuth's Poisson sampler
            double l = Math.Exp(-lambda), p = 1;
            int k = 0;
            do { k++; p *= r.NextDouble(); } while (p > l);
            counts[i] = k - 1;
        }
        return (x, counts);
    }

    public static double Loss(double[] t)
    {
        var (x, counts) = Data();
        return PoissonRegression.NegLogLikelihood(t, x, counts, D);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, counts) = Data();
        return PoissonRegression.NegLogLikelihoodGradient(t, x, counts, D);
    }
}
