using System;
using GradGen;

// Potential energy of a chain of point masses joined by springs in the plane, hanging between two fixed
// anchors under gravity. positions holds (x, y) of each free mass; minimizing it finds the rest shape.
public static partial class SpringChain
{
    [Differentiable]
    public static double Energy(double[] positions, [NoDerivative] double[] stiffness, [NoDerivative] double[] masses,
        [NoDerivative] double restLength, [NoDerivative] double span)
    {
        const double g = 9.81;
        int n = positions.Length / 2;
        double energy = 0;
        for (int i = 0; i <= n; i++)
        {
            // spring i joins mass i-1 (or the left anchor) and mass i (or the right anchor)
            double x0 = i == 0 ? 0.0 : positions[2 * (i - 1)];
            double y0 = i == 0 ? 0.0 : positions[2 * (i - 1) + 1];
            double x1 = i == n ? span : positions[2 * i];
            double y1 = i == n ? 0.0 : positions[2 * i + 1];
            double dx = x1 - x0, dy = y1 - y0;
            double stretch = Math.Sqrt(dx * dx + dy * dy) - restLength;
            energy += 0.5 * stiffness[i] * stretch * stretch;
        }
        for (int i = 0; i < n; i++)
            energy += masses[i] * g * positions[2 * i + 1];
        return energy;
    }
}

public static class Harness
{
    private const int Masses = 5;

    public static double[] Start()
    {
        var t = new double[2 * Masses];
        for (int i = 0; i < Masses; i++)
        {
            t[2 * i] = (i + 1) * 1.0 + 0.05 * Math.Sin(i);
            t[2 * i + 1] = -0.8 * Math.Sin(Math.PI * (i + 1) / (Masses + 1));
        }
        return t;
    }

    private static double[] Stiffness() => [40, 35, 30, 30, 35, 40];

    private static double[] MassesOf() => [0.5, 0.6, 0.7, 0.6, 0.5];

    public static double Loss(double[] t) => SpringChain.Energy(t, Stiffness(), MassesOf(), 0.9, 6.0);

    public static double[] Gradient(double[] t) => SpringChain.EnergyGradient(t, Stiffness(), MassesOf(), 0.9, 6.0);
}
