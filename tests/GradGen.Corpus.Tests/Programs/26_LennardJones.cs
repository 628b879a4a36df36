using System;
using GradGen;

// Lennard-Jones potential energy of a small cluster of atoms; positions are (x, y, z) triples.
// Its negative gradient is the force on each atom.
public static partial class LennardJones
{
    [Differentiable]
    public static double Energy(double[] positions, [NoDerivative] double epsilon, [NoDerivative] double sigma)
    {
        int n = positions.Length / 3;
        double e = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                double dx = positions[3 * i] - positions[3 * j];
                double dy = positions[3 * i + 1] - positions[3 * j + 1];
                double dz = positions[3 * i + 2] - positions[3 * j + 2];
                double r = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                double sr6 = Math.Pow(sigma / r, 6);
                e += 4 * epsilon * (sr6 * sr6 - sr6);
            }
        }
        return e;
    }
}

public static class Harness
{
    public static double[] Start()
    {
        // five atoms near the corners of a square pyramid, spacing ≈ 1.12σ, slightly jittered
        double[] t =
        [
            0, 0, 0,
            1.12, 0.02, 0,
            0.01, 1.13, -0.02,
            1.1, 1.12, 0.03,
            0.57, 0.55, 0.8,
        ];
        return t;
    }

    public static double Loss(double[] t) => LennardJones.Energy(t, 1.0, 1.0);

    public static double[] Gradient(double[] t) => LennardJones.EnergyGradient(t, 1.0, 1.0);
}
