using System;
using GradGen;

// Binary cross-entropy of a logistic model, with the probabilities clamped away from zero before the log,
// as training code does to avoid log(0).
public static partial class BinaryClassifier
{
    [Differentiable]
    public static double BinaryCrossEntropy(double[] w, double b, [NoDerivative] double[] x, [NoDerivative] double[] labels)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
                z += w[j] * x[i * d + j];
            double p = 1 / (1 + Math.Exp(-z));
            loss -= labels[i] * Math.Log(Math.Max(p, 1e-12)) + (1 - labels[i]) * Math.Log(Math.Max(1 - p, 1e-12));
        }
        return loss / labels.Length;
    }
}

public static class Harness
{
    private const int D = 3, N = 25;

    public static double[] Start() => [0.4, -0.6, 0.2, 0.1];

    private static (double[] X, double[] Labels) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var labels = new double[N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < D; j++) x[i * D + j] = 3 * (r.NextDouble() - 0.5);
            labels[i] = x[i * D] - x[i * D + 1] + 0.3 * (r.NextDouble() - 0.5) > 0 ? 1 : 0;
        }
        return (x, labels);
    }

    public static double Loss(double[] t)
    {
        var (x, labels) = Data();
        return BinaryClassifier.BinaryCrossEntropy(t[..D], t[D], x, labels);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, labels) = Data();
        var (_, gradient) = BinaryClassifier.BinaryCrossEntropyValueAndGradient(t[..D], t[D], x, labels);
        return [.. gradient.w, gradient.b];
    }
}
