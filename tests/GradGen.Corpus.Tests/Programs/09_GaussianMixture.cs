using System;
using System.Linq;
using GradGen;

// Negative log-likelihood of a one-dimensional Gaussian mixture. Mixture weights are softmax(logits),
// standard deviations exp(logStd); every log-density is combined with a log-sum-exp.
public static partial class GaussianMixture
{
    static double LogSumExp(double[] a)
    {
        double max = a.Max();
        double s = 0;
        foreach (var v in a)
            s += Math.Exp(v - max);
        return max + Math.Log(s);
    }

    [Differentiable]
    public static double NegLogLikelihood(double[] logits, double[] means, double[] logStd, [NoDerivative] double[] data)
    {
        int k = means.Length;
        double logNorm = LogSumExp(logits);
        double nll = 0;
        foreach (double x in data)
        {
            var comp = new double[k];
            for (int j = 0; j < k; j++)
            {
                double z = (x - means[j]) / Math.Exp(logStd[j]);
                comp[j] = logits[j] - logNorm - logStd[j] - 0.5 * Math.Log(2 * Math.PI) - 0.5 * z * z;
            }
            nll -= LogSumExp(comp);
        }
        return nll / data.Length;
    }
}

public static class Harness
{
    private const int K = 3;

    public static double[] Start() => [0.1, -0.2, 0.05, -1.5, 0.2, 1.8, -0.3, 0.1, -0.2];

    private static double[] Data()
    {
        var r = new Random(1);
        var data = new double[30];
        for (int i = 0; i < data.Length; i++)
        {
            // Box–Muller
            double g = Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
            data[i] = (i % 3 - 1) * 2.0 + 0.5 * g;
        }
        return data;
    }

    public static double Loss(double[] t) => GaussianMixture.NegLogLikelihood(t[..K], t[K..(2 * K)], t[(2 * K)..], Data());

    public static double[] Gradient(double[] t)
    {
        var (gLogits, gMeans, gLogStd) = GaussianMixture.NegLogLikelihoodGradient(t[..K], t[K..(2 * K)], t[(2 * K)..], Data());
        return [.. gLogits, .. gMeans, .. gLogStd];
    }
}
