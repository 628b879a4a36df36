using System;
using GradGen;

// Gaussian-process regression: the negative log marginal likelihood of the data under a squared-exponential
// kernel, as a function of the log hyper-parameters. The kernel matrix is factorized by an in-place
// Cholesky decomposition and the system solved by forward substitution.
public static partial class GaussianProcess
{
    [Differentiable]
    public static double NegLogMarginalLikelihood(double logLengthScale, double logSignal, double logNoise,
        [NoDerivative] double[] x, [NoDerivative] double[] y)
    {
        int n = x.Length;
        double ell = Math.Exp(logLengthScale);
        double sf2 = Math.Exp(2 * logSignal);
        double sn2 = Math.Exp(2 * logNoise);

        var L = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double d = (x[i] - x[j]) / ell;
                L[i * n + j] = sf2 * Math.Exp(-0.5 * d * d) + (i == j ? sn2 : 0.0);
            }
        }

        // Cholesky–Crout, lower triangle, in place
        for (int j = 0; j < n; j++)
        {
            double s = L[j * n + j];
            for (int k = 0; k < j; k++)
                s -= L[j * n + k] * L[j * n + k];
            double diag = Math.Sqrt(s);
            L[j * n + j] = diag;
            for (int i = j + 1; i < n; i++)
            {
                double t = L[i * n + j];
                for (int k = 0; k < j; k++)
                    t -= L[i * n + k] * L[j * n + k];
                L[i * n + j] = t / diag;
            }
        }

        // L·alpha = y
        var alpha = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = y[i];
            for (int k = 0; k < i; k++)
                t -= L[i * n + k] * alpha[k];
            alpha[i] = t / L[i * n + i];
        }

        double quad = 0, logDet = 0;
        for (int i = 0; i < n; i++)
        {
            quad += alpha[i] * alpha[i];
            logDet += Math.Log(L[i * n + i]);
        }
        return 0.5 * quad + logDet + 0.5 * n * Math.Log(2 * Math.PI);
    }
}

public static class Harness
{
    public static double[] Start() => [-0.3, 0.1, -1.2];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[10];
        var y = new double[10];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = 0.5 * i + 0.2 * r.NextDouble();
            y[i] = Math.Sin(x[i]) + 0.1 * (r.NextDouble() - 0.5);
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return GaussianProcess.NegLogMarginalLikelihood(t[0], t[1], t[2], x, y);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        double dEll = 0, dSignal = 0, dNoise = 0;
        GaussianProcess.NegLogMarginalLikelihoodPullback(t[0], t[1], t[2], x, y, 1.0, ref dEll, ref dSignal, ref dNoise);
        return [dEll, dSignal, dNoise];
    }
}
