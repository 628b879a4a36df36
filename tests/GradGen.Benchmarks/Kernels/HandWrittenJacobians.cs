namespace GradGen.Benchmarks;

/// <summary>The bundle-adjustment reprojection Jacobian written by hand: the chain rule through rotation, projection,
/// distortion and scaling, with the rotation's derivative in closed form (θ ≠ 0, as at every benchmark point).</summary>
public static class HandWrittenJacobians
{
    /// <summary>Writes the 2 × 15 Jacobian (camera 0..10, point 11..13, weight 14) into <paramref name="j"/> and returns the residuals.</summary>
    public static (double U, double V) Reprojection(ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double weight,
        double featureU, double featureV, double[,] j)
    {
        Span<double> y = stackalloc double[3];
        for (int i = 0; i < 3; i++) y[i] = point[i] - camera[3 + i];
        double r0 = camera[0], r1 = camera[1], r2 = camera[2];
        double theta = Math.Sqrt(r0 * r0 + r1 * r1 + r2 * r2);
        double c = Math.Cos(theta), s = Math.Sin(theta);
        Span<double> w = [r0 / theta, r1 / theta, r2 / theta];
        double wy = w[0] * y[0] + w[1] * y[1] + w[2] * y[2];
        Span<double> wxy = [w[1] * y[2] - w[2] * y[1], w[2] * y[0] - w[0] * y[2], w[0] * y[1] - w[1] * y[0]];
        Span<double> x = stackalloc double[3];
        for (int i = 0; i < 3; i++) x[i] = y[i] * c + wxy[i] * s + w[i] * wy * (1 - c);

        // Rotation matrix R = cos θ I + sin θ [ω]× + (1 - cos θ) ω ωᵀ: ∂x/∂Y.
        Span<double> rot = stackalloc double[9];
        for (int ra = 0; ra < 3; ra++)
        {
            for (int cb = 0; cb < 3; cb++) rot[3 * ra + cb] = (ra == cb ? c : 0) + (1 - c) * w[ra] * w[cb];
        }

        rot[1] -= s * w[2]; rot[2] += s * w[1];
        rot[3] += s * w[2]; rot[5] -= s * w[0];
        rot[6] -= s * w[1]; rot[7] += s * w[0];

        // ∂x/∂r: column k, through θ (∂θ/∂r_k = ω_k) and ω (∂ω_i/∂r_k = (δ_ik - ω_i ω_k) / θ).
        Span<double> dxdr = stackalloc double[9];
        for (int k = 0; k < 3; k++)
        {
            Span<double> dw = [((k == 0 ? 1 : 0) - w[0] * w[k]) / theta, ((k == 1 ? 1 : 0) - w[1] * w[k]) / theta, ((k == 2 ? 1 : 0) - w[2] * w[k]) / theta];
            double dwy = dw[0] * y[0] + dw[1] * y[1] + dw[2] * y[2];
            Span<double> dwxy = [dw[1] * y[2] - dw[2] * y[1], dw[2] * y[0] - dw[0] * y[2], dw[0] * y[1] - dw[1] * y[0]];
            for (int i = 0; i < 3; i++)
            {
                dxdr[3 * i + k] = -y[i] * s * w[k] + dwxy[i] * s + wxy[i] * c * w[k]
                    + dw[i] * wy * (1 - c) + w[i] * dwy * (1 - c) + w[i] * wy * s * w[k];
            }
        }

        double p0 = x[0] / x[2], p1 = x[1] / x[2];
        double rsq = p0 * p0 + p1 * p1;
        double k1 = camera[9], k2 = camera[10], f = camera[6];
        double distortion = 1 + k1 * rsq + k2 * rsq * rsq;
        double d0 = distortion * p0, d1 = distortion * p1;
        double u = f * d0 + camera[7], v = f * d1 + camera[8];

        // A = weight · f · ∂d/∂p · ∂p/∂x (2 × 3).
        double dl = 2 * (k1 + 2 * k2 * rsq); // ∂distortion/∂p = dl · p
        double a00 = distortion + dl * p0 * p0, a01 = dl * p0 * p1, a11 = distortion + dl * p1 * p1;
        double iz = 1 / x[2];
        double scale = weight * f;
        Span<double> a = stackalloc double[6];
        // ∂p/∂x = [[1/z, 0, -p0/z], [0, 1/z, -p1/z]]
        a[0] = scale * a00 * iz; a[1] = scale * a01 * iz; a[2] = -scale * (a00 * p0 + a01 * p1) * iz;
        a[3] = scale * a01 * iz; a[4] = scale * a11 * iz; a[5] = -scale * (a01 * p0 + a11 * p1) * iz;
        for (int row = 0; row < 2; row++)
        {
            for (int k = 0; k < 3; k++)
            {
                double byR = 0, byY = 0;
                for (int i = 0; i < 3; i++)
                {
                    byR += a[3 * row + i] * dxdr[3 * i + k];
                    byY += a[3 * row + i] * rot[3 * i + k];
                }

                j[row, k] = byR;
                j[row, 3 + k] = -byY;
                j[row, 11 + k] = byY;
            }
        }

        j[0, 6] = weight * d0; j[1, 6] = weight * d1;
        j[0, 7] = weight; j[1, 7] = 0;
        j[0, 8] = 0; j[1, 8] = weight;
        j[0, 9] = scale * p0 * rsq; j[1, 9] = scale * p1 * rsq;
        j[0, 10] = scale * p0 * rsq * rsq; j[1, 10] = scale * p1 * rsq * rsq;
        j[0, 14] = u - featureU; j[1, 14] = v - featureV;
        return (weight * (u - featureU), weight * (v - featureV));
    }
}
