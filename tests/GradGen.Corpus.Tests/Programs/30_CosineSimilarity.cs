using System;
using GradGen;

// Cosine embedding loss: a linear projection W maps each input to an embedding that should point in the
// direction of its target vector; the loss is the mean of 1 − cos(Wx, t).
public static partial class CosineEmbedding
{
    [Differentiable]
    static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    [Differentiable]
    public static double Loss(double[] W, [NoDerivative] double[] inputs, [NoDerivative] double[] targets, int dIn, int dOut)
    {
        int n = inputs.Length / dIn;
        var e = new double[dOut];
        double loss = 0;
        for (int s = 0; s < n; s++)
        {
            for (int i = 0; i < dOut; i++)
            {
                double acc = 0;
                for (int j = 0; j < dIn; j++)
                    acc += W[i * dIn + j] * inputs[s * dIn + j];
                e[i] = acc;
            }
            ReadOnlySpan<double> t = targets.AsSpan(s * dOut, dOut);
            double cos = Dot(e, t) / (Math.Sqrt(Dot(e, e)) * Math.Sqrt(Dot(t, t)));
            loss += 1 - cos;
        }
        return loss / n;
    }
}

public static class Harness
{
    private const int In = 3, Out = 2, N = 10;

    public static double[] Start() => [0.5, -0.2, 0.3, 0.1, 0.6, -0.4];

    private static (double[] Inputs, double[] Targets) Data()
    {
        var r = new Random(1);
        var inputs = new double[N * In];
        var targets = new double[N * Out];
        for (int s = 0; s < N; s++)
        {
            for (int j = 0; j < In; j++) inputs[s * In + j] = 2 * r.NextDouble() - 1;
            targets[s * Out] = inputs[s * In] + 0.5 * inputs[s * In + 2] + 0.1;
            targets[s * Out + 1] = inputs[s * In + 1] - 0.3 * inputs[s * In] + 0.1;
        }
        return (inputs, targets);
    }

    public static double Loss(double[] t)
    {
        var (inputs, targets) = Data();
        return CosineEmbedding.Loss(t, inputs, targets, In, Out);
    }

    public static double[] Gradient(double[] t)
    {
        var (inputs, targets) = Data();
        return CosineEmbedding.LossGradient(t, inputs, targets, In, Out);
    }
}
