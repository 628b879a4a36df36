using GradGen;

namespace GradGen.Benchmarks;

/// <summary>
/// The reprojection residual of bundle adjustment as the ADBench benchmark defines it (Srajer, Fitzgibbon and Kaess, "A
/// benchmark of selected algorithmic differentiation tools on some problems in computer vision and machine learning",
/// 2018), written here from that definition. A camera has 11 parameters: a Rodrigues rotation vector (0..2), the camera
/// center (3..5), the focal length (6), the principal point (7, 8) and two radial distortion coefficients (9, 10). A 3-D
/// point is moved into the camera's frame (X - C, rotated), projected by dividing by its depth, distorted radially by
/// 1 + k1·r² + k2·r⁴, scaled by the focal length and shifted by the principal point; the residual is the weight times the
/// difference from the observed feature. Its Jacobian is 2 × 15 (camera 11, point 3, weight 1).
/// </summary>
public static partial class BundleAdjustment
{
    public const int CameraParameters = 11;

    /// <summary>The two weighted reprojection residuals of one observation.</summary>
    [Differentiable(Forward = true)]
    public static (double U, double V) Reprojection(ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double weight,
        [NoDerivative] double featureU, [NoDerivative] double featureV)
    {
        double y0 = point[0] - camera[3], y1 = point[1] - camera[4], y2 = point[2] - camera[5];
        double r0 = camera[0], r1 = camera[1], r2 = camera[2];
        double thetaSquared = r0 * r0 + r1 * r1 + r2 * r2;
        double x0, x1, x2;
        if (thetaSquared != 0)
        {
            // Rodrigues: Y cos θ + (ω × Y) sin θ + ω (ω · Y)(1 - cos θ), ω the unit axis.
            double theta = Math.Sqrt(thetaSquared);
            double c = Math.Cos(theta), s = Math.Sin(theta);
            double w0 = r0 / theta, w1 = r1 / theta, w2 = r2 / theta;
            double along = (w0 * y0 + w1 * y1 + w2 * y2) * (1 - c);
            x0 = y0 * c + (w1 * y2 - w2 * y1) * s + w0 * along;
            x1 = y1 * c + (w2 * y0 - w0 * y2) * s + w1 * along;
            x2 = y2 * c + (w0 * y1 - w1 * y0) * s + w2 * along;
        }
        else
        {
            // First order at θ = 0: Y + r × Y.
            x0 = y0 + (r1 * y2 - r2 * y1);
            x1 = y1 + (r2 * y0 - r0 * y2);
            x2 = y2 + (r0 * y1 - r1 * y0);
        }

        double p0 = x0 / x2, p1 = x1 / x2;
        double rsq = p0 * p0 + p1 * p1;
        double distortion = 1 + camera[9] * rsq + camera[10] * rsq * rsq;
        double u = camera[6] * (distortion * p0) + camera[7];
        double v = camera[6] * (distortion * p1) + camera[8];
        return (weight * (u - featureU), weight * (v - featureV));
    }
}
