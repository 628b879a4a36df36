using System;
using GradGen;

// Least-squares fit of a polynomial, evaluated with Horner's scheme.
public static partial class PolynomialFit
{
    [Differentiable]
    public static double FitLoss(double[] coeffs, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        double loss = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double p = 0;
            for (int k = coeffs.Length - 1; k >= 0; k--)
                p = p * xs[i] + coeffs[k];
            loss += (p - ys[i]) * (p - ys[i]);
        }
        return loss / xs.Length;
    }
}

public static class Harness
{
    public static double[] Start() => [0.1, 0.9, -0.2, -0.15, 0.05];

    private static (double[] Xs, double[] Ys) Data()
    {
        var xs = new double[21];
        var ys = new double[21];
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = -1.5 + 0.15 * i;
            ys[i] = Math.Sin(xs[i]) + 0.1 * Math.Cos(7 * xs[i]);
        }
        return (xs, ys);
    }

    public static double Loss(double[] t)
    {
        var (xs, ys) = Data();
        return PolynomialFit.FitLoss(t, xs, ys);
    }

    public static double[] Gradient(double[] t)
    {
        var (xs, ys) = Data();
        var (_, gradient) = PolynomialFit.FitLossValueAndGradient(t, xs, ys);
        return gradient;
    }
}
