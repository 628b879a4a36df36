using System;
using GradGen;

// Robust line fit with the Huber loss: quadratic near zero, linear for outliers.
public static partial class RobustRegression
{
    static double Huber(double r, double delta)
    {
        double a = Math.Abs(r);
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }

    [Differentiable]
    public static double Loss(double slope, double intercept,
        [NoDerivative] double[] x, [NoDerivative] double[] y, [NoDerivative] double delta = 1.0)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
            total += Huber(y[i] - (slope * x[i] + intercept), delta);
        return total / x.Length;
    }
}

public static class Harness
{
    private const int N = 20;

    public static double[] Start() => [1.3, -0.2];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N];
        var y = new double[N];
        for (int i = 0; i < N; i++)
        {
            x[i] = i / 4.0;
            y[i] = 2 * x[i] + 0.5 + 0.3 * (r.NextDouble() - 0.5);
            if (i % 5 == 0) y[i] += 8; // outliers
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return RobustRegression.Loss(t[0], t[1], x, y, 1.0);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var (dSlope, dIntercept) = RobustRegression.LossGradient(t[0], t[1], x, y, 1.0);
        return [dSlope, dIntercept];
    }
}
