using System;
using GradGen;

// A single 1D convolution filter (valid padding) with a tanh activation, trained to reproduce a target
// signal from an input signal.
public static partial class Conv1d
{
    [Differentiable]
    public static double Loss(double[] kernel, double bias, [NoDerivative] double[] signal, [NoDerivative] double[] target)
    {
        int outLen = signal.Length - kernel.Length + 1;
        double[] output = new double[outLen];
        for (int i = 0; i < outLen; i++)
        {
            double acc = bias;
            for (int k = 0; k < kernel.Length; k++)
                acc += kernel[k] * signal[i + k];
            output[i] = Math.Tanh(acc);
        }

        double loss = 0;
        for (int i = 0; i < outLen; i++)
        {
            double e = output[i] - target[i];
            loss += e * e;
        }
        return loss / outLen;
    }
}

public static class Harness
{
    private const int K = 3, Len = 24;

    public static double[] Start() => [0.2, -0.1, 0.4, 0.05];

    private static (double[] Signal, double[] Target) Data()
    {
        var signal = new double[Len];
        for (int i = 0; i < Len; i++) signal[i] = Math.Sin(0.4 * i) + 0.3 * Math.Cos(1.3 * i);
        var target = new double[Len - K + 1];
        for (int i = 0; i < target.Length; i++) target[i] = Math.Tanh(0.5 * signal[i] - 0.25 * signal[i + 1] + 0.6 * signal[i + 2] - 0.1);
        return (signal, target);
    }

    public static double Loss(double[] t)
    {
        var (signal, target) = Data();
        return Conv1d.Loss(t[..K], t[K], signal, target);
    }

    public static double[] Gradient(double[] t)
    {
        var (signal, target) = Data();
        var dKernel = new double[K];
        double dBias = 0;
        Conv1d.LossPullback(t[..K], t[K], signal, target, 1.0, dKernel, ref dBias);
        return [.. dKernel, dBias];
    }
}
