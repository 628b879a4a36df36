using System;
using GradGen;

// Estimating the length, damping and initial angle of a pendulum from the observed positions of its bob,
// simulated with semi-implicit Euler.
public static partial class Pendulum
{
    [Differentiable]
    public static double Loss(double length, double damping, double theta0,
        [NoDerivative] double[] observedX, [NoDerivative] double[] observedY, [NoDerivative] double dt, int substeps)
    {
        const double g = 9.81;
        double theta = theta0, omega = 0;
        double loss = 0;
        for (int k = 0; k < observedX.Length; k++)
        {
            for (int s = 0; s < substeps; s++)
            {
                omega += dt * (-g / length * Math.Sin(theta) - damping * omega);
                theta += dt * omega;
            }
            var (sin, cos) = Math.SinCos(theta);
            double x = length * sin;
            double y = -length * cos;
            loss += (x - observedX[k]) * (x - observedX[k]) + (y - observedY[k]) * (y - observedY[k]);
        }
        return loss;
    }
}

public static class Harness
{
    public static double[] Start() => [1.1, 0.15, 0.5];

    private static (double[] X, double[] Y) Observed()
    {
        var x = new double[20];
        var y = new double[20];
        for (int k = 0; k < x.Length; k++)
        {
            double t = 0.1 * (k + 1);
            double theta = 0.6 * Math.Exp(-0.1 * t) * Math.Cos(Math.Sqrt(9.81) * t);
            x[k] = Math.Sin(theta);
            y[k] = -Math.Cos(theta);
        }
        return (x, y);
    }

    public static double Loss(double[] t)
    {
        var (x, y) = Observed();
        return Pendulum.Loss(t[0], t[1], t[2], x, y, 0.01, 10);
    }

    public static double[] Gradient(double[] t)
    {
        var (x, y) = Observed();
        var (value, gradient) = Pendulum.LossValueAndGradient(t[0], t[1], t[2], x, y, 0.01, 10);
        _ = value;
        return [gradient.length, gradient.damping, gradient.theta0];
    }
}
