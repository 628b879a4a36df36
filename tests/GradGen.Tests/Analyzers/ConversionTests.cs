using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>GG0008: a value that depends on the differentiable parameters converted to a type without
/// derivatives, reported on the conversion or the call.</summary>
public class ConversionTests
{
    [Fact]
    public Task CastToInt() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Lookup(double x, [NoDerivative] double[] table)
            {
                int i = {|GG1001:(int)(x * 10)|};
                return table[i] * x;
            }
        }
        """);

    [Fact]
    public Task CastToLong() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                long n = {|GG1001:(long)x|};
                return n * x;
            }
        }
        """);

    [Fact]
    public Task CastToDecimal() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x) => (double){|GG0008:(decimal)x|} * x;
        }
        """);

    [Fact]
    public Task FloatCastToInt() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static float Loss(float x)
            {
                int k = {|GG1001:(int)x|};
                return k + x;
            }
        }
        """);

    [Fact]
    public Task BitReinterpretation() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                long bits = {|GG0008:BitConverter.DoubleToInt64Bits(x)|};
                return (bits & 1) * x;
            }
        }
        """);

    [Fact]
    public Task ConvertToInt32() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                int n = {|GG0008:Convert.ToInt32(x)|};
                return n * x;
            }
        }
        """);

    [Fact]
    public Task UserMethodReturningAnIntFromAnActiveValue() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static int Bucket(double v) => v < 0 ? 0 : 1;

            [Differentiable]
            public static double Loss(double x) => {|GG0008:Bucket(x)|} * x;
        }
        """);

    [Fact]
    public Task BoxingAnActiveValueIsReportedOnTheArgument() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Describe(object value) => 1.0;

            [Differentiable]
            public static double Loss(double x) => Describe({|GG0008:x|}) * x;
        }
        """);

    [Fact]
    public Task CastInsideAnArgumentAndThroughALocal() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double[] table)
            {
                double scaled = x * table.Length;
                return table[{|GG1001:(int)scaled|}] + Math.Pow(x, {|GG1001:(int)Math.Sqrt(scaled)|});
            }
        }
        """);

    [Fact]
    public Task ConstantsConvertFreely() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double c, int n)
            {
                int i = (int)c;
                long j = (long)(c * n);
                int k = Convert.ToInt32(c);
                double d = (double)i + j + k + (int)2.5;
                return d * x + (int)Gradients.WithoutDerivative(x);
            }
        }
        """);

    [Fact]
    public Task ConstantConvertedToDecimalIsGG0012() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double c) => (double){|GG0012:(decimal)c|} * x;
        }
        """);
}
