namespace GradGen.Numerics.Tests.Functions;

/// <summary>A helper in a file of its own that returns a new array: <see cref="ArrayHelpers.ScaledSquares"/> calls it.</summary>
public static class ArrayHelperFile
{
    public static double[] Scaled(double[] v, double c)
    {
        double[] r = new double[v.Length];
        for (int i = 0; i < r.Length; i++) r[i] = c * v[i];
        return r;
    }
}
