using System;
using GradGen;

// Focal loss (Lin et al.) of a logistic classifier: cross-entropy down-weighted by (1 − p_t)^γ on easy
// examples, with the class-balancing factor α.
public static partial class FocalClassifier
{
    [Differentiable]
    public static double FocalLoss(double[] w, double b, [NoDerivative] double[] x, int[] labels,
        [NoDerivative] double gamma = 2.0, [NoDerivative] double alpha = 0.25)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
                z += w[j] * x[i * d + j];
            double p = 1 / (1 + Math.Exp(-z));
            double pt = labels[i] == 1 ? p : 1 - p;
            double at = labels[i] == 1 ? alpha : 1 - alpha;
            loss += -at * Math.Pow(1 - pt, gamma) * Math.Log(pt);
        }
        return loss / labels.Length;
    }
}

public static class Harness
{
    private const int D = 2, N = 24;

    public static double[] Start() => [0.6, -0.8, -0.3];

    private static (double[] X, int[] Labels) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var labels = new int[N];
        for (int i = 0; i < N; i++)
        {
            labels[i] = i % 4 == 0 ? 1 : 0; // imbalanced
            x[i * D] = (labels[i] == 1 ? 1.0 : -0.5) + r.NextDouble() - 0.5;
            x[i * D + 1] = r.NextDouble() - 0.5;
        }
        return (x, labels);
    }

    public static double Loss(double[] t)
    {
        var (x, labels) = Data();
        return FocalClassifier.FocalLoss(t[..D], t[D], x, labels, 2.0, 0.25);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, labels) = Data();
        var g = FocalClassifier.FocalLossGradient(t[..D], t[D], x, labels, 2.0, 0.25);
        return [.. g.w, g.b];
    }
}
