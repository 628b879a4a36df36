using Xunit;

namespace GradGen.Numerics.Tests.VectorValued;

/// <summary>
/// Vector-valued methods: FJacobian against analytic Jacobians and central finite differences, the pullback with seeds
/// against Jᵀ·seed, the Jacobian built column by column (pushforward) against row by row (pullback), and the values every
/// generated member returns against the method's own bits.
/// </summary>
public sealed class JacobianTests
{
    private static readonly double[][] PolarPoints = [[1.5, 0.3], [0.25, -2.0], [3.0, 4.0]];

    /// <summary>Relative closeness to finite differences (as the gradient tests).</summary>
    private static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1.0, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    /// <summary>Each row of <paramref name="jacobian"/> against the central differences of that output of <paramref name="f"/>.</summary>
    private static void AssertMatchesFiniteDifferences(Func<double[], double[]> f, double[] point, double[,] jacobian, double tolerance = 1e-6)
    {
        int rows = f(point).Length;
        Assert.Equal(rows, jacobian.GetLength(0));
        Assert.Equal(point.Length, jacobian.GetLength(1));
        for (int i = 0; i < rows; i++)
        {
            int row = i;
            double[] fd = FiniteDifference.Gradient(x => f(x)[row], point);
            for (int j = 0; j < point.Length; j++) AssertClose(fd[j], jacobian[i, j], tolerance, $"J[{i},{j}] at ({string.Join(", ", point)})");
        }
    }

    private static void AssertSame(double[,] expected, double[,] actual, double tolerance)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (int i = 0; i < expected.GetLength(0); i++)
        {
            for (int j = 0; j < expected.GetLength(1); j++) AssertClose(expected[i, j], actual[i, j], tolerance, $"[{i},{j}]");
        }
    }

    [Fact]
    public void PolarToCartesianMatchesTheAnalyticJacobianAndFiniteDifferences()
    {
        foreach (double[] p in PolarPoints)
        {
            double r = p[0], theta = p[1];
            double[,] j = VectorFunctions.PolarToCartesianJacobian(r, theta);
            double[,] analytic = { { Math.Cos(theta), -r * Math.Sin(theta) }, { Math.Sin(theta), r * Math.Cos(theta) } };
            AssertSame(analytic, j, 1e-15);
            AssertMatchesFiniteDifferences(x => { var (a, b) = VectorFunctions.PolarToCartesian(x[0], x[1]); return [a, b]; }, p, j);
        }
    }

    [Fact]
    public void PolarToCartesianPullbackAddsTheTransposedJacobianTimesTheSeeds()
    {
        foreach (double[] p in PolarPoints)
        {
            double[,] j = VectorFunctions.PolarToCartesianJacobian(p[0], p[1]);
            const double seedX = 0.7, seedY = -1.3;
            double dr = 0.5, dtheta = -0.25; // accumulates onto what is there
            var value = VectorFunctions.PolarToCartesianPullback(p[0], p[1], seedX, seedY, ref dr, ref dtheta);
            Assert.Equal(VectorFunctions.PolarToCartesian(p[0], p[1]), value);
            AssertClose(0.5 + seedX * j[0, 0] + seedY * j[1, 0], dr, 1e-14, "r");
            AssertClose(-0.25 + seedX * j[0, 1] + seedY * j[1, 1], dtheta, 1e-14, "theta");
        }
    }

    [Fact]
    public void ProjectionResidualIsBuiltInReverseModeAndAgreesWithForwardMode()
    {
        double[][] points = [[0.3, -0.2, 2.5, 800], [1.0, 2.0, 4.0, 500], [-0.5, 0.1, 1.5, 1200]];
        const double u0 = 320, v0 = 240;
        foreach (double[] p in points)
        {
            double[,] j = VectorFunctions.ProjectionResidualJacobian(p[0], p[1], p[2], p[3], u0, v0);
            double x = p[0], y = p[1], z = p[2], f = p[3];
            double[,] analytic = { { f / z, 0, -f * x / (z * z), x / z }, { 0, f / z, -f * y / (z * z), y / z } };
            AssertSame(analytic, j, 1e-14);
            AssertMatchesFiniteDifferences(q => { var (u, v) = VectorFunctions.ProjectionResidual(q[0], q[1], q[2], q[3], u0, v0); return [u, v]; }, p, j);

            // Column by column through the public pushforward: the same Jacobian.
            var columns = new double[2, 4];
            for (int c = 0; c < 4; c++)
            {
                double[] t = new double[4];
                t[c] = 1;
                var (value, tangent) = VectorFunctions.ProjectionResidualPushforward(x, y, z, f, u0, v0, t[0], t[1], t[2], t[3]);
                Assert.Equal(VectorFunctions.ProjectionResidual(x, y, z, f, u0, v0), value);
                columns[0, c] = tangent.U;
                columns[1, c] = tangent.V;
            }

            AssertSame(j, columns, 1e-14);
        }
    }

    [Fact]
    public void MomentsWithArraysAndLoopsMatchFiniteDifferencesInBothModes()
    {
        // n = 1: 2 columns < 3 rows (forward); n = 3: 6 columns (reverse).
        foreach ((double[] w, double[] x) in new[] { (new[] { 0.5 }, new[] { 2.0 }), (new[] { 0.5, -1.5, 2.0 }, new[] { 1.0, 0.25, -0.75 }) })
        {
            int n = w.Length;
            double[,] j = VectorFunctions.MomentsJacobian(w, x);
            Assert.Equal(3, j.GetLength(0));
            Assert.Equal(2 * n, j.GetLength(1));
            double[] point = [.. w, .. x];
            AssertMatchesFiniteDifferences(q => { var (a, b, c) = VectorFunctions.Moments(q[..n], q[n..]); return [a, b, c]; }, point, j);

            // Row by row through the pullback with unnamed elements' seeds (seedItem1..3).
            for (int row = 0; row < 3; row++)
            {
                double[] dw = new double[n], dx = new double[n];
                var value = VectorFunctions.MomentsPullback(w, x, seedItem1: row == 0 ? 1 : 0, seedItem2: row == 1 ? 1 : 0, seedItem3: row == 2 ? 1 : 0, dw, dx);
                Assert.Equal(VectorFunctions.Moments(w, x), value);
                for (int c = 0; c < n; c++)
                {
                    AssertClose(j[row, c], dw[c], 1e-14, $"w[{c}]");
                    AssertClose(j[row, n + c], dx[c], 1e-14, $"x[{c}]");
                }
            }
        }
    }

    [Fact]
    public void EarlyReturnsInBranchesGiveTheJacobianOfTheBranchTaken()
    {
        // a > b; exp(a - b) > 0.5; otherwise.
        double[][] points = [[2.0, 0.5], [0.2, 0.5], [-3.0, 1.5]];
        foreach (double[] p in points)
        {
            double[,] j = VectorFunctions.BranchesJacobian(p[0], p[1]);
            AssertMatchesFiniteDifferences(q => { var (a, b) = VectorFunctions.Branches(q[0], q[1]); return [a, b]; }, p, j);
            double da = 0, db = 0;
            var value = VectorFunctions.BranchesPullback(p[0], p[1], 2.0, -1.0, ref da, ref db);
            Assert.Equal(VectorFunctions.Branches(p[0], p[1]), value);
            AssertClose(2 * j[0, 0] - j[1, 0], da, 1e-14, "a");
            AssertClose(2 * j[0, 1] - j[1, 1], db, 1e-14, "b");
            Assert.Equal(VectorFunctions.Branches(p[0], p[1]), VectorFunctions.BranchesPushforward(p[0], p[1], 1, 0).Value);
        }
    }

    [Fact]
    public void FloatRotationMatchesTheAnalyticJacobian()
    {
        float[][] points = [[0.3f, 1.0f, 2.0f], [-1.2f, -0.5f, 0.75f]];
        foreach (float[] p in points)
        {
            float[,] j = VectorFunctions.RotateFloatJacobian(p[0], p[1], p[2]);
            float c = MathF.Cos(p[0]), s = MathF.Sin(p[0]);
            float[,] analytic = { { -s * p[1] - c * p[2], c, -s }, { c * p[1] - s * p[2], s, c } };
            for (int r = 0; r < 2; r++)
            {
                for (int k = 0; k < 3; k++) Assert.True(Math.Abs(analytic[r, k] - j[r, k]) <= 1e-5f * Math.Max(1, Math.Abs(analytic[r, k])), $"[{r},{k}]");
            }

            float dAngle = 0, dx = 0, dy = 0;
            var value = VectorFunctions.RotateFloatPullback(p[0], p[1], p[2], 1f, 0f, ref dAngle, ref dx, ref dy);
            Assert.Equal(VectorFunctions.RotateFloat(p[0], p[1], p[2]), value);
            Assert.Equal(j[0, 0], dAngle, 1e-6f);
            Assert.Equal(VectorFunctions.RotateFloat(p[0], p[1], p[2]), VectorFunctions.RotateFloatPushforward(p[0], p[1], p[2], 0f, 1f, 0f).Value);
        }
    }

    [Fact]
    public void FloatJaggedColumnNormsFlattenRowsInOrder()
    {
        float[][] rows = [[3f, 1f], [4f, -2f], [0.5f, 2f]];
        float[,] j = VectorFunctions.ColumnNormsJacobian(rows); // 2 rows < 6 columns: reverse
        Assert.Equal(2, j.GetLength(0));
        Assert.Equal(6, j.GetLength(1));
        var (first, second) = VectorFunctions.ColumnNorms(rows);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(rows[i][0] / first, j[0, 2 * i], 1e-6f);
            Assert.Equal(0f, j[0, 2 * i + 1]);
            Assert.Equal(0f, j[1, 2 * i]);
            Assert.Equal(rows[i][1] / second, j[1, 2 * i + 1], 1e-6f);
        }
    }

    [Fact]
    public void TwoDimensionalArrayColumnsAreRowMajorThenTheScalar()
    {
        double[,] m = { { 1.5, -0.5 }, { 2.0, 0.75 } };
        const double s = 1.25;
        double[,] j = VectorFunctions.TraceAndDeterminantJacobian(m, s); // 2 rows < 5 columns: reverse
        double det = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0];
        double[,] analytic =
        {
            { s, 0, 0, s, m[0, 0] + m[1, 1] },
            { s * s * m[1, 1], -s * s * m[1, 0], -s * s * m[0, 1], s * s * m[0, 0], 2 * s * det },
        };
        AssertSame(analytic, j, 1e-14);
        AssertMatchesFiniteDifferences(
            q => { var (t, d) = VectorFunctions.TraceAndDeterminant(new[,] { { q[0], q[1] }, { q[2], q[3] } }, q[4]); return [t, d]; },
            [m[0, 0], m[0, 1], m[1, 0], m[1, 1], s], j);
    }
}
