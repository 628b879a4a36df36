using System;
using GradGen;

// An Elman RNN unrolled over a scalar sequence, predicting the next value of a sine wave from the hidden
// state; the hidden state is a fresh array each step.
public static partial class Rnn
{
    [Differentiable]
    public static double SequenceLoss(double[] Wx, double[] Wh, double[] b, double[] v,
        [NoDerivative] double[] inputs, [NoDerivative] double[] targets)
    {
        int H = b.Length;
        double[] h = new double[H];
        double loss = 0;
        for (int t = 0; t < inputs.Length; t++)
        {
            var next = new double[H];
            for (int i = 0; i < H; i++)
            {
                double a = b[i] + Wx[i] * inputs[t];
                for (int j = 0; j < H; j++)
                    a += Wh[i * H + j] * h[j];
                next[i] = Math.Tanh(a);
            }
            h = next;

            double y = 0;
            for (int i = 0; i < H; i++)
                y += v[i] * h[i];
            loss += 0.5 * (y - targets[t]) * (y - targets[t]);
        }
        return loss;
    }
}

public static class Harness
{
    private const int H = 3, T = 12;

    public static double[] Start()
    {
        var r = new Random(5);
        var t = new double[H + H * H + H + H];
        for (int i = 0; i < t.Length; i++) t[i] = 0.8 * (r.NextDouble() - 0.5);
        return t;
    }

    private static (double[] Inputs, double[] Targets) Data()
    {
        var inputs = new double[T];
        var targets = new double[T];
        for (int t = 0; t < T; t++)
        {
            inputs[t] = Math.Sin(0.5 * t);
            targets[t] = Math.Sin(0.5 * (t + 1));
        }
        return (inputs, targets);
    }

    public static double Loss(double[] t)
    {
        var (inputs, targets) = Data();
        return Rnn.SequenceLoss(t[..H], t[H..(H + H * H)], t[(H + H * H)..(2 * H + H * H)], t[(2 * H + H * H)..], inputs, targets);
    }

    public static double[] Gradient(double[] t)
    {
        var (inputs, targets) = Data();
        var g = Rnn.SequenceLossGradient(t[..H], t[H..(H + H * H)], t[(H + H * H)..(2 * H + H * H)], t[(2 * H + H * H)..], inputs, targets);
        return [.. g.Wx, .. g.Wh, .. g.b, .. g.v];
    }
}
