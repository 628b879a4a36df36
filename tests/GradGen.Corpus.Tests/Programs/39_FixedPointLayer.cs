using System;
using GradGen;

// A scalar "deep equilibrium" layer: the output z solves z = tanh(w·z + c·x + b), found by fixed-point
// iteration that stops once converged; the equilibrium is regressed onto targets.
public static partial class FixedPointLayer
{
    [Differentiable]
    public static double Loss(double w, double b, double c, [NoDerivative] double[] inputs, [NoDerivative] double[] targets)
    {
        double loss = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            double z = 0;
            for (int iteration = 0; iteration < 200; iteration++)
            {
                double next = Math.Tanh(w * z + c * inputs[i] + b);
                if (Math.Abs(next - z) < 1e-14)
                {
                    z = next;
                    break;
                }
                z = next;
            }
            loss += (z - targets[i]) * (z - targets[i]);
        }
        return loss;
    }
}

public static class Harness
{
    public static double[] Start() => [0.45, 0.1, 0.8];

    private static (double[] Inputs, double[] Targets) Data()
    {
        var inputs = new double[12];
        var targets = new double[12];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = -1.5 + 0.25 * i;
            targets[i] = 0.7 * Math.Tanh(1.2 * inputs[i]);
        }
        return (inputs, targets);
    }

    public static double Loss(double[] t)
    {
        var (inputs, targets) = Data();
        return FixedPointLayer.Loss(t[0], t[1], t[2], inputs, targets);
    }

    public static double[] Gradient(double[] t)
    {
        var (inputs, targets) = Data();
        var (dw, db, dc) = FixedPointLayer.LossGradient(t[0], t[1], t[2], inputs, targets);
        return [dw, db, dc];
    }
}
