using System;
using GradGen;

// A single neuron whose activation is chosen by configuration, as in a small training library:
// the activation is an enum, dispatched with a switch statement.
public enum Activation { Tanh, Sigmoid, Softsign }

public static partial class Neuron
{
    [Differentiable]
    public static double Loss(double[] w, double b, [NoDerivative] double[] x, [NoDerivative] double[] y, Activation activation)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
                z += w[j] * x[i * d + j];

            double a;
            switch (activation)
            {
                case Activation.Tanh:
                    a = Math.Tanh(z);
                    break;
                case Activation.Sigmoid:
                    a = 1 / (1 + Math.Exp(-z));
                    break;
                case Activation.Softsign:
                    a = z / (1 + Math.Abs(z));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(activation));
            }
            loss += (a - y[i]) * (a - y[i]);
        }
        return loss / y.Length;
    }
}

public static class Harness
{
    private const int D = 3, N = 15;

    public static double[] Start() => [0.3, -0.4, 0.2, 0.1];

    private static (double[] X, double[] Y) Data()
    {
        var r = new Random(1);
        var x = new double[N * D];
        var y = new double[N];
        for (int i = 0; i < N; i++)
        {
            for (int j = 0; j < D; j++) x[i * D + j] = 2 * r.NextDouble() - 1;
            y[i] = 1 / (1 + Math.Exp(-(x[i * D] - x[i * D + 2])));
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Data();
        return Neuron.Loss(t[..D], t[D], x, y, Activation.Sigmoid);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Data();
        var g = Neuron.LossGradient(t[..D], t[D], x, y, Activation.Sigmoid);
        return [.. g.w, g.b];
    }
}
