namespace GradGen.Numerics.Tests.VectorValued;

/// <summary>Vector-valued methods (their results are tuples of reals): JacobianTests checks their Jacobians, pullbacks and
/// pushforwards. Half are marked Forward = true (a public pushforward); the others get a hidden one for FJacobian.</summary>
public static partial class VectorFunctions
{
    /// <summary>Polar to cartesian: 2 outputs, 2 inputs (FJacobian pushes forward, one column per input).</summary>
    [Differentiable(Forward = true)]
    public static (double X, double Y) PolarToCartesian(double r, double theta) => (r * Math.Cos(theta), r * Math.Sin(theta));

    /// <summary>A pinhole projection's two residuals from a 3-D point and a focal length: 2 outputs, 4 inputs (reverse).
    /// A tuple local, and the data held constant.</summary>
    [Differentiable(Forward = true)]
    public static (double U, double V) ProjectionResidual(double x, double y, double z, double focal, [NoDerivative] double u0, [NoDerivative] double v0)
    {
        double inv = 1.0 / z;
        var projected = (u: focal * x * inv, v: focal * y * inv);
        return (projected.u - u0, projected.v - v0);
    }

    /// <summary>Array inputs and loops: a weighted sum and sum of squares of w·x, and the mean of w (3 outputs, 2n inputs;
    /// the mode is chosen at run time). Unnamed elements: seeds seedItem1, seedItem2, seedItem3.</summary>
    [Differentiable]
    public static (double, double, double) Moments(double[] w, ReadOnlySpan<double> x)
    {
        double sum = 0, squares = 0, mean = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double p = w[i] * x[i];
            sum += p;
            squares += p * p;
            mean += w[i];
        }

        return (sum, squares, mean / w.Length);
    }

    /// <summary>Early returns in branches; an element that is constant on one path.</summary>
    [Differentiable(Forward = true)]
    public static (double A, double B) Branches(double a, double b)
    {
        if (a > b)
        {
            return (a * b, 1.0);
        }

        double s = Math.Exp(a - b);
        if (s > 0.5) return (s, s * b);
        return (a + b, Math.Sqrt(b * b + 1));
    }

    /// <summary>float, with a tuple-typed local returned whole.</summary>
    [Differentiable(Forward = true)]
    public static (float X, float Y) RotateFloat(float angle, float x, float y)
    {
        (float, float) t = (MathF.Cos(angle) * x - MathF.Sin(angle) * y, MathF.Sin(angle) * x + MathF.Cos(angle) * y);
        return t;
    }

    /// <summary>float, a jagged array: one output per column sum of squares (2 outputs).</summary>
    [Differentiable]
    public static (float First, float Second) ColumnNorms(float[][] rows)
    {
        float first = 0, second = 0;
        foreach (float[] row in rows)
        {
            first += row[0] * row[0];
            second += row[1] * row[1];
        }

        return (MathF.Sqrt(first), MathF.Sqrt(second));
    }

    /// <summary>A two-dimensional array and a scalar: the trace and determinant of s·M (2×2).</summary>
    [Differentiable(Forward = true)]
    public static (double Trace, double Determinant) TraceAndDeterminant(double[,] m, double s) =>
        (s * (m[0, 0] + m[1, 1]), s * s * (m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0]));
}
