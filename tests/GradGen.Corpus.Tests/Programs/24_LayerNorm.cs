using System;
using System.Linq;
using GradGen;

// A linear layer followed by layer normalization with a learned scale and shift, regressed onto targets.
public static partial class LayerNormNet
{
    [Differentiable]
    public static double Loss(double[] W, double[] gamma, double[] beta, [NoDerivative] double[][] X, [NoDerivative] double[][] Y)
    {
        const double eps = 1e-5;
        int h = gamma.Length;
        double loss = 0;
        for (int n = 0; n < X.Length; n++)
        {
            double[] x = X[n];
            var z = new double[h];
            for (int i = 0; i < h; i++)
                for (int j = 0; j < x.Length; j++)
                    z[i] += W[i * x.Length + j] * x[j];

            double mean = z.Average();
            double variance = z.Select(v => (v - mean) * (v - mean)).Average();
            double invStd = 1.0 / Math.Sqrt(variance + eps);
            for (int i = 0; i < h; i++)
            {
                double y = gamma[i] * (z[i] - mean) * invStd + beta[i];
                loss += (y - Y[n][i]) * (y - Y[n][i]);
            }
        }
        return loss / X.Length;
    }
}

public static class Harness
{
    private const int In = 3, H = 4, N = 8;

    public static double[] Start()
    {
        var r = new Random(9);
        var t = new double[H * In + 2 * H];
        for (int i = 0; i < H * In; i++) t[i] = r.NextDouble() - 0.5;
        for (int i = 0; i < H; i++)
        {
            t[H * In + i] = 1.0 + 0.1 * i;
            t[H * In + H + i] = 0.05 * i;
        }
        return t;
    }

    private static (double[][] X, double[][] Y) Data()
    {
        var r = new Random(1);
        double[][] x = Enumerable.Range(0, N).Select(_ => Enumerable.Range(0, In).Select(_ => 2 * r.NextDouble() - 1).ToArray()).ToArray();
        double[][] y = Enumerable.Range(0, N).Select(_ => Enumerable.Range(0, H).Select(_ => r.NextDouble() - 0.5).ToArray()).ToArray();
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return LayerNormNet.Loss(t[..(H * In)], t[(H * In)..(H * In + H)], t[(H * In + H)..], x, y);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var g = LayerNormNet.LossGradient(t[..(H * In)], t[(H * In)..(H * In + H)], t[(H * In + H)..], x, y);
        return [.. g.W, .. g.gamma, .. g.beta];
    }
}
