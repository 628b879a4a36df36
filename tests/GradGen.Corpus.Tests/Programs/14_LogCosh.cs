using System;
using GradGen;

// Quadratic regression with the log-cosh loss, written in its overflow-free form
// log(cosh r) = |r| + log(1 + e^(−2|r|)) − log 2.
public static partial class LogCoshRegression
{
    [Differentiable]
    public static double Loss(double[] coef, [NoDerivative] double[] x, [NoDerivative] double[] y)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double pred = coef[0] + coef[1] * x[i] + coef[2] * x[i] * x[i];
            double r = pred - y[i];
            double a = Math.Abs(r);
            total += a + Math.Log(1 + Math.Exp(-2 * a)) - Math.Log(2);
        }
        return total / x.Length;
    }
}

public static class Harness
{
    public static double[] Start() => [0.2, -0.7, 0.35];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[25];
        var y = new double[25];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = -2 + 4.0 * i / (x.Length - 1);
            y[i] = 0.5 - x[i] + 0.3 * x[i] * x[i] + (r.NextDouble() - 0.5);
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return LogCoshRegression.Loss(t, x, y);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        return LogCoshRegression.LossGradient(t, x, y);
    }
}
