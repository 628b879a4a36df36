using System;
using GradGen;

// Identifying a damped harmonic oscillator x'' = −k·x − c·x' from a sampled trajectory. The state is
// advanced with explicit Euler, updating position and velocity together as a tuple.
public static partial class DampedOscillator
{
    [Differentiable]
    public static double TrajectoryLoss(double stiffness, double damping, [NoDerivative] double[] observed, [NoDerivative] double dt)
    {
        var (x, v) = (1.0, 0.0);
        double loss = 0;
        foreach (double target in observed)
        {
            (x, v) = (x + dt * v, v + dt * (-stiffness * x - damping * v));
            loss += (x - target) * (x - target);
        }
        return loss / observed.Length;
    }
}

public static class Harness
{
    private const double Dt = 0.05;

    public static double[] Start() => [3.5, 0.4];

    private static double[] Observed()
    {
        var obs = new double[60];
        for (int i = 0; i < obs.Length; i++)
        {
            double t = Dt * (i + 1);
            obs[i] = Math.Exp(-0.25 * t) * Math.Cos(2.0 * t);
        }
        return obs;
    }

    public static double Loss(double[] t) => DampedOscillator.TrajectoryLoss(t[0], t[1], Observed(), Dt);

    public static double[] Gradient(double[] t)
    {
        var g = DampedOscillator.TrajectoryLossGradient(t[0], t[1], Observed(), Dt);
        return [g.stiffness, g.damping];
    }
}
