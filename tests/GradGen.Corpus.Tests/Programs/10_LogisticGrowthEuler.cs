using System;
using GradGen;

// Fitting the logistic growth ODE dx/dt = r·x·(1 − x/K) to observations, integrated with explicit Euler
// (a few sub-steps between observations), by least squares on the trajectory.
public static partial class LogisticGrowth
{
    [Differentiable]
    public static double FitError(double rate, double capacity, double x0,
        [NoDerivative] double[] observed, [NoDerivative] double dt, int stepsPerObservation)
    {
        double x = x0;
        double err = 0;
        for (int k = 0; k < observed.Length; k++)
        {
            for (int s = 0; s < stepsPerObservation; s++)
                x += dt * rate * x * (1 - x / capacity);
            double d = x - observed[k];
            err += d * d;
        }
        return err;
    }
}

public static class Harness
{
    public static double[] Start() => [0.8, 9.0, 0.6];

    private static double[] Observed()
    {
        var obs = new double[15];
        for (int k = 0; k < obs.Length; k++)
        {
            double t = 0.5 * (k + 1);
            obs[k] = 10.0 / (1 + 19.0 * Math.Exp(-0.9 * t)) + 0.05 * Math.Sin(3 * k);
        }
        return obs;
    }

    public static double Loss(double[] t) => LogisticGrowth.FitError(t[0], t[1], t[2], Observed(), 0.1, 5);

    public static double[] Gradient(double[] t)
    {
        double dRate = 0, dCapacity = 0, dX0 = 0;
        LogisticGrowth.FitErrorPullback(t[0], t[1], t[2], Observed(), 0.1, 5, 1.0, ref dRate, ref dCapacity, ref dX0);
        return [dRate, dCapacity, dX0];
    }
}
