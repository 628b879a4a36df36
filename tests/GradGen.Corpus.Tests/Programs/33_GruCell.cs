using System;
using GradGen;

// A GRU with a scalar hidden state unrolled over a sequence: update gate z, reset gate r, candidate state,
// and a linear readout. Parameters, in order: wz uz bz wr ur br wh uh bh wout bout.
public static partial class Gru
{
    static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    static double Tanh(double x) => Math.Tanh(x);

    [Differentiable]
    public static double SequenceLoss(double[] p, [NoDerivative] double[] xs, [NoDerivative] double[] targets)
    {
        double h = 0;
        double loss = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            double z = Sigmoid(p[0] * xs[t] + p[1] * h + p[2]);
            double r = Sigmoid(p[3] * xs[t] + p[4] * h + p[5]);
            double candidate = Tanh(p[6] * xs[t] + p[7] * (r * h) + p[8]);
            h = (1 - z) * h + z * candidate;
            double y = p[9] * h + p[10];
            loss += (y - targets[t]) * (y - targets[t]);
        }
        return loss / xs.Length;
    }
}

public static class Harness
{
    public static double[] Start() => [0.5, -0.3, 0.1, 0.4, 0.2, -0.1, 0.9, 0.6, 0.05, 1.1, -0.02];

    private static (double[] Xs, double[] Targets) Data()
    {
        var xs = new double[16];
        var targets = new double[16];
        for (int t = 0; t < xs.Length; t++)
        {
            xs[t] = Math.Cos(0.7 * t);
            targets[t] = t == 0 ? 0 : 0.5 * xs[t - 1] + 0.3 * xs[t];
        }
        return (xs, targets);
    }

    public static double Loss(double[] t)
    {
        var (xs, targets) = Data();
        return Gru.SequenceLoss(t, xs, targets);
    }

    public static double[] Gradient(double[] t)
    {
        var (xs, targets) = Data();
        var g = new double[t.Length];
        Gru.SequenceLossPullback(t, xs, targets, 1.0, g);
        return g;
    }
}
