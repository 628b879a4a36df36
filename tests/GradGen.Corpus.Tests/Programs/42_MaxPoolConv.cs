using System;
using GradGen;

// A tiny 1D CNN: convolution, ReLU, max-pooling over windows of 2, and a linear readout, regressed onto
// a scalar target per signal. Buffers are declared once and reused for every signal.
public static partial class TinyCnn
{
    [Differentiable]
    public static double Loss(double[] kernel, double convBias, double[] readout, double outBias,
        [NoDerivative] double[] signals, [NoDerivative] double[] targets, int length)
    {
        int convLen = length - kernel.Length + 1;
        int pooledLen = convLen / 2;
        var conv = new double[convLen];
        var pooled = new double[pooledLen];
        double loss = 0;
        for (int s = 0; s < targets.Length; s++)
        {
            for (int i = 0; i < convLen; i++)
            {
                double acc = convBias;
                for (int k = 0; k < kernel.Length; k++)
                    acc += kernel[k] * signals[s * length + i + k];
                conv[i] = Math.Max(0.0, acc);
            }

            for (int p = 0; p < pooledLen; p++)
            {
                double best = conv[2 * p];
                if (conv[2 * p + 1] > best)
                    best = conv[2 * p + 1];
                pooled[p] = best;
            }

            double y = outBias;
            for (int p = 0; p < pooledLen; p++)
                y += readout[p] * pooled[p];
            loss += (y - targets[s]) * (y - targets[s]);
        }
        return loss / targets.Length;
    }
}

public static class Harness
{
    private const int K = 3, Length = 12, Signals = 6, Pooled = (Length - K + 1) / 2;

    public static double[] Start()
    {
        var r = new Random(8);
        var t = new double[K + 1 + Pooled + 1];
        for (int i = 0; i < t.Length; i++) t[i] = r.NextDouble() - 0.3;
        return t;
    }

    private static (double[] Signals, double[] Targets) Data()
    {
        var r = new Random(1);
        var signals = new double[Signals * Length];
        var targets = new double[Signals];
        for (int s = 0; s < Signals; s++)
        {
            double freq = 0.3 + 0.2 * s;
            for (int i = 0; i < Length; i++) signals[s * Length + i] = Math.Sin(freq * i) + 0.2 * (r.NextDouble() - 0.5);
            targets[s] = freq;
        }
        return (signals, targets);
    }

    public static double Loss(double[] t)
    {
        var (signals, targets) = Data();
        return TinyCnn.Loss(t[..K], t[K], t[(K + 1)..(K + 1 + Pooled)], t[^1], signals, targets, Length);
    }

    public static double[] Gradient(double[] t)
    {
        var (signals, targets) = Data();
        var g = TinyCnn.LossGradient(t[..K], t[K], t[(K + 1)..(K + 1 + Pooled)], t[^1], signals, targets, Length);
        return [.. g.kernel, g.convBias, .. g.readout, g.outBias];
    }
}
