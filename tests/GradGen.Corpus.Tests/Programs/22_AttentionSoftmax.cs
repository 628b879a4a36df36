using System;
using System.Linq;
using GradGen;

// Scaled dot-product attention of one query over a set of keys: softmax(q·kᵢ/√d) weights the values,
// and the attended vector is regressed onto a target.
public static partial class Attention
{
    [Differentiable]
    public static double AttentionLoss(double[] query, [NoDerivative] double[][] keys, [NoDerivative] double[][] values,
        [NoDerivative] double[] target)
    {
        int n = keys.Length, d = query.Length;
        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
                s += query[j] * keys[i][j];
            scores[i] = s / Math.Sqrt(d);
        }

        double max = scores.Max();
        double z = 0;
        for (int i = 0; i < n; i++)
        {
            scores[i] = Math.Exp(scores[i] - max);
            z += scores[i];
        }

        double loss = 0;
        for (int k = 0; k < target.Length; k++)
        {
            double o = 0;
            for (int i = 0; i < n; i++)
                o += scores[i] / z * values[i][k];
            loss += (o - target[k]) * (o - target[k]);
        }
        return loss;
    }
}

public static class Harness
{
    private const int N = 6, D = 4, V = 3;

    public static double[] Start() => [0.3, -0.5, 0.8, 0.1];

    private static (double[][] Keys, double[][] Values, double[] Target) Data()
    {
        var r = new Random(1);
        double[][] keys = Enumerable.Range(0, N).Select(_ => Enumerable.Range(0, D).Select(_ => 2 * r.NextDouble() - 1).ToArray()).ToArray();
        double[][] values = Enumerable.Range(0, N).Select(_ => Enumerable.Range(0, V).Select(_ => 2 * r.NextDouble() - 1).ToArray()).ToArray();
        return (keys, values, [0.2, -0.1, 0.4]);
    }

    public static double Loss(double[] t)
    {
        var (keys, values, target) = Data();
        return Attention.AttentionLoss(t, keys, values, target);
    }

    public static double[] Gradient(double[] t)
    {
        var (keys, values, target) = Data();
        return Attention.AttentionLossGradient(t, keys, values, target);
    }
}
