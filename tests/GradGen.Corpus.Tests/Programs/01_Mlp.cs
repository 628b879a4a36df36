using System;
using GradGen;

// A one-hidden-layer perceptron for regression: tanh hidden units, a linear output, mean squared error.
// The weights of the first layer are row-major (hidden × inputs); the data is one row array per sample.
public static partial class Mlp
{
    [Differentiable]
    public static double Loss(double[] w1, double[] b1, double[] w2, double b2,
        [NoDerivative] double[][] xs, [NoDerivative] double[] ys)
    {
        int hidden = b1.Length;
        int inputs = xs[0].Length;
        double total = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            var h = new double[hidden];
            for (int j = 0; j < hidden; j++)
            {
                double z = b1[j];
                for (int i = 0; i < inputs; i++)
                    z += w1[j * inputs + i] * xs[n][i];
                h[j] = Math.Tanh(z);
            }

            double yHat = b2;
            for (int j = 0; j < hidden; j++)
                yHat += w2[j] * h[j];
            double err = yHat - ys[n];
            total += err * err;
        }
        return total / xs.Length;
    }
}

public static class Harness
{
    private const int D = 3, H = 4, N = 12;

    public static double[] Start()
    {
        var r = new Random(7);
        var t = new double[D * H + H + H + 1];
        for (int i = 0; i < t.Length; i++) t[i] = r.NextDouble() - 0.5;
        return t;
    }

    private static (double[][] Xs, double[] Ys) Data()
    {
        var r = new Random(1);
        var xs = new double[N][];
        var ys = new double[N];
        for (int n = 0; n < N; n++)
        {
            xs[n] = new double[D];
            for (int i = 0; i < D; i++) xs[n][i] = 2 * r.NextDouble() - 1;
            ys[n] = Math.Sin(xs[n][0]) + 0.5 * xs[n][1] * xs[n][2];
        }
        return (xs, ys);
    }

    public static double Loss(double[] t)
    {
        var (xs, ys) = Data();
        return Mlp.Loss(t[..(D * H)], t[(D * H)..(D * H + H)], t[(D * H + H)..(D * H + 2 * H)], t[^1], xs, ys);
    }

    public static double[] Gradient(double[] t)
    {
        var (xs, ys) = Data();
        var g = Mlp.LossGradient(t[..(D * H)], t[(D * H)..(D * H + H)], t[(D * H + H)..(D * H + 2 * H)], t[^1], xs, ys);
        return [.. g.w1, .. g.b1, .. g.w2, g.b2];
    }
}
