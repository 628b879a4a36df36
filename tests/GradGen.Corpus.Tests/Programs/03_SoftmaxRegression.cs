using System;
using GradGen;

// Multinomial logistic (softmax) regression over K classes, with a numerically stable log-sum-exp.
public static partial class SoftmaxRegression
{
    [Differentiable]
    public static double CrossEntropy(double[] W, double[] bias, [NoDerivative] double[][] X, int[] labels)
    {
        int k = bias.Length;
        int d = X[0].Length;
        double loss = 0;
        for (int n = 0; n < X.Length; n++)
        {
            var logits = new double[k];
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                double s = bias[c];
                for (int j = 0; j < d; j++)
                    s += W[c * d + j] * X[n][j];
                logits[c] = s;
                max = Math.Max(max, s);
            }

            double sumExp = 0;
            foreach (double l in logits)
                sumExp += Math.Exp(l - max);
            loss += max + Math.Log(sumExp) - logits[labels[n]];
        }
        return loss / X.Length;
    }
}

public static class Harness
{
    private const int K = 3, D = 2, N = 24;

    public static double[] Start()
    {
        var r = new Random(3);
        var t = new double[K * D + K];
        for (int i = 0; i < t.Length; i++) t[i] = r.NextDouble() - 0.5;
        return t;
    }

    private static (double[][] X, int[] Labels) Data()
    {
        var r = new Random(1);
        double[][] centers = [[1, 0], [-0.5, 0.9], [-0.5, -0.9]];
        var x = new double[N][];
        var labels = new int[N];
        for (int n = 0; n < N; n++)
        {
            labels[n] = n % K;
            x[n] = [centers[labels[n]][0] + 0.6 * (r.NextDouble() - 0.5), centers[labels[n]][1] + 0.6 * (r.NextDouble() - 0.5)];
        }
        return (x, labels);
    }

    public static double Loss(double[] t)
    {
        var (x, labels) = Data();
        return SoftmaxRegression.CrossEntropy(t[..(K * D)], t[(K * D)..], x, labels);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, labels) = Data();
        var (value, (gW, gBias)) = SoftmaxRegression.CrossEntropyValueAndGradient(t[..(K * D)], t[(K * D)..], x, labels);
        _ = value;
        return [.. gW, .. gBias];
    }
}
