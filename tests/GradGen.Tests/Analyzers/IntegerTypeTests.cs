using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Locals and parameters of every C# integer type are counters and data; a number type GradGen does not compute
/// with is named in its error, at the value.</summary>
public class IntegerTypeTests
{
    [Fact]
    public Task EveryIntegerTypeIsSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double a, double[] x, byte k, byte[] labels, char mode, ushort n)
            {
                double s = 0;
                for (uint i = 0; i < 3u; i++) s += x[i] * i;
                for (int i = 0; i < k; i++) s += a * x[i];
                for (ulong j = 0; j < 2; j++) s += x[j] * a;
                short h = 3;
                h += 2;
                h++;
                sbyte sb = -2;
                sb *= 3;
                char c = mode;
                c++;
                if (c == 'b') s += a;
                foreach (byte b in labels) s += b * a;
                return s + h * a + sb + n * a + x[labels[0]];
            }
        }
        """);

    [Fact]
    public Task NativeIntegersAndDecimalsAreNamed() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double a, nint k, decimal d) => a * {|GG0012:k|} + (double){|GG0012:d|};
        }
        """);

    [Fact]
    public Task BufferSizedByAnotherIntegerType() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double a, uint n, long m)
            {
                double[] {|GG0014:b = new double[n]|};
                double[] {|GG0014:c = new double[m]|};
                double[] d = new double[(int)n];
                d[0] = a;
                return d[0];
            }
        }
        """);

    [Fact]
    public Task ConversionOfADifferentiableValueToASmallIntegerIsAStep() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                byte b = {|GG1001:(byte)(x * 10)|};
                ushort u = {|GG1001:(ushort)x|};
                return b * x + u;
            }
        }
        """);
}
