using System;
using GradGen;

// Multiclass SVM (Weston–Watkins, as in CS231n): for each sample, Σ over wrong classes of
// max(0, s_c − s_y + 1), plus an L2 penalty. Scores of one sample go into a buffer reused across samples.
public static partial class MulticlassSvm
{
    [Differentiable]
    public static double Loss(double[] W, [NoDerivative] double[] X, int[] y, int classes, int features, [NoDerivative] double reg)
    {
        var scores = new double[classes];
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            for (int c = 0; c < classes; c++)
            {
                double s = 0;
                for (int j = 0; j < features; j++)
                    s += W[c * features + j] * X[i * features + j];
                scores[c] = s;
            }

            for (int c = 0; c < classes; c++)
            {
                if (c == y[i]) continue;
                double margin = scores[c] - scores[y[i]] + 1;
                if (margin > 0)
                    loss += margin;
            }
        }

        double penalty = 0;
        for (int k = 0; k < W.Length; k++)
            penalty += W[k] * W[k];
        return loss / y.Length + reg * penalty;
    }
}

public static class Harness
{
    private const int Classes = 3, Features = 3, N = 15;

    public static double[] Start()
    {
        var r = new Random(6);
        var t = new double[Classes * Features];
        for (int i = 0; i < t.Length; i++) t[i] = r.NextDouble() - 0.5;
        return t;
    }

    private static (double[] X, int[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N * Features];
        var y = new int[N];
        for (int i = 0; i < N; i++)
        {
            y[i] = i % Classes;
            for (int j = 0; j < Features; j++) x[i * Features + j] = (j == y[i] ? 1.0 : 0.0) + r.NextDouble() - 0.5;
            x[i * Features + Features - 1] = 1.0; // bias feature
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return MulticlassSvm.Loss(t, x, y, Classes, Features, 0.01);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        return MulticlassSvm.LossGradient(t, x, y, Classes, Features, 0.01);
    }
}
