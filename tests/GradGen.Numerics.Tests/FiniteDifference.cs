namespace GradGen.Numerics.Tests;

/// <summary>
/// Central finite differences, the independent reference every generated gradient is checked against.
/// </summary>
/// <remarks>
/// Each partial is a central difference D(h) = (f(x+h) - f(x-h)) / 2h improved by one Richardson step,
/// (4 D(h/2) - D(h)) / 3, whose truncation error is O(h^4) instead of O(h^2). With h = 2^-12 * max(1, |x_i|)
/// the truncation error is ~(h/d)^4 relative, d the distance to the nearest singularity, and the rounding error
/// ~eps * |f| / h ~ 1e-12 * |f|, so on the smooth,
/// well-conditioned points the tests use the result is good to ~1e-9 relative: comfortably inside the 1e-6
/// tolerance of the comparison. The step is a power of two so that x +- h is exact for |x| in [1, 2^43].
/// Test points stay at least 4h away from every kink and step (Abs, Max, Floor, the branch of ?:).
/// </remarks>
internal static class FiniteDifference
{
    /// <summary>The relative step: 2^-12.</summary>
    public const double RelativeStep = 1.0 / 4096;

    /// <summary>The step used for coordinate <paramref name="x"/>: scaled to |x|, at least <see cref="RelativeStep"/>.</summary>
    public static double Step(double x) => RelativeStep * Math.Max(1.0, Math.Abs(x));

    /// <summary>The gradient of <paramref name="f"/> at <paramref name="point"/>, one central difference per coordinate.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] point)
    {
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double h = Step(point[i]);
            double coarse = Central(f, point, i, h);
            double fine = Central(f, point, i, h / 2);
            gradient[i] = (4 * fine - coarse) / 3;
        }

        return gradient;
    }

    private static double Central(Func<double[], double> f, double[] point, int i, double h)
    {
        double[] plus = (double[])point.Clone();
        double[] minus = (double[])point.Clone();
        plus[i] = point[i] + h;
        minus[i] = point[i] - h;
        // Divide by the step actually taken (exact here, but robust if it were not).
        return (f(plus) - f(minus)) / (plus[i] - minus[i]);
    }
}
