using System;
using GradGen;

// A linear soft-margin SVM in its primal form: ½|w|² + C·Σ max(0, 1 − yᵢ(w·xᵢ + b)), with labels ±1.
public static partial class LinearSvm
{
    static double Relu(double x) => x > 0 ? x : 0;

    [Differentiable]
    public static double Objective(double[] w, double b, [NoDerivative] double[][] x, int[] y, [NoDerivative] double C)
    {
        double hinge = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double margin = b;
            for (int j = 0; j < w.Length; j++)
                margin += w[j] * x[i][j];
            hinge += Relu(1 - y[i] * margin);
        }

        double norm2 = 0;
        for (int j = 0; j < w.Length; j++)
            norm2 += w[j] * w[j];
        return 0.5 * norm2 + C * hinge;
    }
}

public static class Harness
{
    private const int D = 2, N = 20;

    public static double[] Start() => [0.7, -0.4, 0.05];

    private static (double[][] X, int[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N][];
        var y = new int[N];
        for (int i = 0; i < N; i++)
        {
            y[i] = i % 2 == 0 ? 1 : -1;
            x[i] = [y[i] * 0.8 + 1.2 * (r.NextDouble() - 0.5), -y[i] * 0.5 + 1.2 * (r.NextDouble() - 0.5)];
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return LinearSvm.Objective(t[..D], t[D], x, y, 1.0);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var g = LinearSvm.ObjectiveGradient(t[..D], t[D], x, y, 1.0);
        return [.. g.w, g.b];
    }
}
