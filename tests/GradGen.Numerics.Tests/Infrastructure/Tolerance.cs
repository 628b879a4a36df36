using System.Globalization;
using Xunit.Sdk;

namespace GradGen.Numerics.Tests.Infrastructure;

/// <summary>
/// Tolerance-aware comparisons of gradients that report the function, the point and both values on failure.
/// </summary>
/// <remarks>
/// Component i passes when |actual_i - expected_i| &lt;= relative * max(|expected_i|, scale), where scale is a
/// magnitude for the whole comparison (typically max(1, |f(x)|, max_j |expected_j|)). The scale acts as the absolute
/// tolerance: a partial that is zero or tiny next to the others is allowed the rounding error of the computation
/// that produced it, which is relative to the magnitude of its terms rather than to its own value.
/// </remarks>
internal static class Tolerance
{
    public static void Close(string function, string what, IReadOnlyList<string> parameters, double[] point,
        double[] expected, double[] actual, double relative, double scale)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException(
                $"{function} at {Point(parameters, point)}: {what}: expected {expected.Length} components, got {actual.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i];
            double a = actual[i];
            double allowed = relative * Math.Max(Math.Abs(e), scale);
            bool ok = double.IsFinite(a) && double.IsFinite(e) ? Math.Abs(a - e) <= allowed : a.Equals(e);
            if (!ok)
            {
                throw new XunitException(
                    $"{function} at {Point(parameters, point)}: {what}, d/d{parameters[i]}: " +
                    $"expected {R(e)}, actual {R(a)}, |difference| {R(Math.Abs(a - e))} > allowed {R(allowed)} " +
                    $"(relative {R(relative)}, scale {R(scale)}).{Environment.NewLine}" +
                    $"  expected [{string.Join(", ", expected.Select(R))}]{Environment.NewLine}" +
                    $"  actual   [{string.Join(", ", actual.Select(R))}]");
            }
        }
    }

    /// <summary>A scale for <see cref="Close"/>: max(1, |value|, max |gradient_i|).</summary>
    public static double Scale(double value, double[] gradient)
    {
        double scale = Math.Max(1.0, Math.Abs(value));
        foreach (double g in gradient)
        {
            scale = Math.Max(scale, Math.Abs(g));
        }

        return scale;
    }

    public static void BitIdentical(string function, string what, IReadOnlyList<string> parameters, double[] point, double expected, double actual)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            throw new XunitException(
                $"{function} at {Point(parameters, point)}: {what}: expected the bits of {R(expected)} " +
                $"(0x{BitConverter.DoubleToInt64Bits(expected):X16}), got {R(actual)} (0x{BitConverter.DoubleToInt64Bits(actual):X16}).");
        }
    }

    public static void BitIdentical(string function, string what, IReadOnlyList<string> parameters, float[] point, float expected, float actual)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
        {
            throw new XunitException(
                $"{function} at {Point(parameters, point)}: {what}: expected the bits of {R(expected)} " +
                $"(0x{BitConverter.SingleToInt32Bits(expected):X8}), got {R(actual)} (0x{BitConverter.SingleToInt32Bits(actual):X8}).");
        }
    }

    public static string Point(IReadOnlyList<string> parameters, double[] point) =>
        "(" + string.Join(", ", point.Select((v, i) => $"{Name(parameters, i)}={R(v)}")) + ")";

    public static string Point(IReadOnlyList<string> parameters, float[] point) =>
        "(" + string.Join(", ", point.Select((v, i) => $"{Name(parameters, i)}={R(v)}f")) + ")";

    private static string Name(IReadOnlyList<string> parameters, int i) => i < parameters.Count ? parameters[i] : $"p{i}";

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string R(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}
