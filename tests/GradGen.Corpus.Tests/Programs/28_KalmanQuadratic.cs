using System;
using GradGen;

// Negative log-likelihood of one Kalman-filter innovation v = z − Hx with covariance S = H P Hᵀ + R·I:
// ½ vᵀ S⁻¹ v + ½ log det S, for two measurements, differentiated with respect to the state and log R.
public static partial class KalmanInnovation
{
    [Differentiable]
    public static double InnovationNll(double[] x, double logR, [NoDerivative] double[,] P, [NoDerivative] double[,] H,
        [NoDerivative] double[] z)
    {
        int m = z.Length, n = x.Length;
        if (m != 2)
            throw new ArgumentException("two measurements expected");

        var v = new double[m];
        for (int i = 0; i < m; i++)
        {
            double hx = 0;
            for (int j = 0; j < n; j++)
                hx += H[i, j] * x[j];
            v[i] = z[i] - hx;
        }

        var S = new double[m, m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int a = 0; a < n; a++)
                    for (int b = 0; b < n; b++)
                        s += H[i, a] * P[a, b] * H[j, b];
                S[i, j] = s + (i == j ? Math.Exp(logR) : 0.0);
            }
        }

        double det = S[0, 0] * S[1, 1] - S[0, 1] * S[1, 0];
        double q = (S[1, 1] * v[0] * v[0] - (S[0, 1] + S[1, 0]) * v[0] * v[1] + S[0, 0] * v[1] * v[1]) / det;
        return 0.5 * q + 0.5 * Math.Log(det);
    }
}

public static class Harness
{
    public static double[] Start() => [0.4, -0.3, 0.9, -1.2];

    private static readonly double[,] P = { { 0.5, 0.1, 0.0 }, { 0.1, 0.4, 0.05 }, { 0.0, 0.05, 0.3 } };
    private static readonly double[,] H = { { 1.0, 0.0, 0.5 }, { 0.0, 1.0, -0.3 } };
    private static readonly double[] Z = [0.7, -0.1];

    public static double Loss(double[] t) => KalmanInnovation.InnovationNll(t[..3], t[3], P, H, Z);

    public static double[] Gradient(double[] t)
    {
        var (dx, dLogR) = KalmanInnovation.InnovationNllGradient(t[..3], t[3], P, H, Z);
        return [.. dx, dLogR];
    }
}
