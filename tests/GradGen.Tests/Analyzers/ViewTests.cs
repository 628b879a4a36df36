using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Views of arrays and spans: supported as aliases; writes into the caller's arrays, copies of local arrays and parts of
/// differentiable arrays passed to differentiable methods are errors at the construct.</summary>
public class ViewTests
{
    [Fact]
    public Task ViewsAreSupported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
                return s;
            }

            [Differentiable]
            public static double Loss(double[] w, [NoDerivative] double[] targets, int d)
            {
                double loss = 0;
                var buffer = new double[d];
                for (int s = 0; s * d < targets.Length; s++)
                {
                    ReadOnlySpan<double> t = targets.AsSpan(s * d, d);
                    Span<double> first = buffer.AsSpan(0, 1);
                    first[0] = w[0];
                    loss += Dot(w, t) + Dot(buffer, t.Slice(1)) + t[^1] * w[^2] + w[1..].Length;
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task WritesThroughAViewOfTheCallersArrayAreErrors() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x)
            {
                Span<double> t = x.AsSpan(1, 2);
                {|GG0009:t[0]|} = 1;
                {|GG0014:t|} = x.AsSpan(2);
                return t[1] * x[0];
            }
        }
        """);

    [Fact]
    public Task ACopyOfPartOfALocalArrayIsAnError() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                var buffer = new double[4];
                buffer[1] = x;
                double[] part = {|GG0012:buffer[1..3]|};
                return part[0] * x;
            }
        }
        """);

    [Fact]
    public Task APartOfADifferentiableArrayCannotGoToADifferentiableMethod() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            private static double Norm(ReadOnlySpan<double> a) => a[0] * a[0];

            [Differentiable]
            public static double Loss(double[] x)
            {
                ReadOnlySpan<double> part = x.AsSpan(1);
                return Norm({|#0:part|}) + Norm(x);
            }
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("part",
            "a view of part of an array GradGen differentiates cannot take its derivative back; pass the whole array (and the offset), or copy the part into a local buffer and pass that"));
}
