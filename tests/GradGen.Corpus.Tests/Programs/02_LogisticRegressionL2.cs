using System;
using GradGen;

// Binary logistic regression with an L2 penalty. Features are stored row-major in one flat array.
public static partial class LogisticRegression
{
    [Differentiable]
    public static double Objective(double[] w, double b,
        [NoDerivative] double[] x, [NoDerivative] double[] y, int features, [NoDerivative] double lambda)
    {
        int n = y.Length;
        double nll = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b;
            for (int j = 0; j < features; j++)
                z += w[j] * x[i * features + j];
            double p = 1.0 / (1.0 + Math.Exp(-z));
            nll -= y[i] * Math.Log(p) + (1 - y[i]) * Math.Log(1 - p);
        }

        double reg = 0;
        for (int j = 0; j < features; j++)
            reg += w[j] * w[j];
        return nll / n + 0.5 * lambda * reg;
    }
}

public static class Harness
{
    private const int D = 4, N = 30;

    public static double[] Start() => [0.3, -0.2, 0.5, 0.1, -0.05];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var y = new double[N];
        double[] trueW = [1.5, -2.0, 0.7, 0.0];
        for (int i = 0; i < N; i++)
        {
            double z = 0.2;
            for (int j = 0; j < D; j++)
            {
                x[i * D + j] = r.NextDouble() * 2 - 1;
                z += trueW[j] * x[i * D + j];
            }
            y[i] = r.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return LogisticRegression.Objective(t[..D], t[D], x, y, D, 0.1);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        (double[] gw, double gb) = LogisticRegression.ObjectiveGradient(t[..D], t[D], x, y, D, 0.1);
        return [.. gw, gb];
    }
}
