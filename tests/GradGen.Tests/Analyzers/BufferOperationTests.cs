using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Array.Copy, CopyTo, Fill and Clear into local buffers are supported; into the caller's arrays they are GG0009, and other
/// methods of Array and Span on arrays are named (GG0006, or GG0012 for data).</summary>
public class BufferOperationTests
{
    [Fact]
    public Task CopiesFillsAndClearsOfLocalBuffersAreSupported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x, [NoDerivative] double[] data)
            {
                var a = new double[x.Length];
                Array.Copy(x, a, x.Length);
                Array.Copy(data, 0, a, 0, 1);
                x.CopyTo(a, 0);
                x.AsSpan().CopyTo(a);
                Span<double> b = stackalloc double[3];
                b.Fill(x[0]);
                b.Slice(1).Clear();
                Array.Fill(a, 1.0, 0, 1);
                Array.Clear(a, 1, 1);
                Array.Clear(a);
                return a[0] + b[0];
            }
        }
        """);

    [Fact]
    public Task ACopyIntoTheCallersArrayIsAnError() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x, double[] y)
            {
                {|GG0009:Array.Copy(x, y, 2)|};
                {|GG0009:y.AsSpan().Fill(1.0)|};
                return y[0];
            }
        }
        """);

    [Fact]
    public Task OtherArrayMethodsAreNamed() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x, [NoDerivative] float[] data)
            {
                var a = new double[x.Length];
                x.CopyTo(a, 0);
                {|#0:Array.Sort(a)|};
                {|#1:Array.Copy(x, a, 2L)|};
                {|#2:Array.Copy(data, a, 2)|};
                return a[0];
            }
        }
        """,
        Verify.Diagnostic("GG0006").WithLocation(0).WithArguments("Array.Sort", Follows),
        Verify.Diagnostic("GG0006").WithLocation(1).WithArguments("Array.Copy", Follows),
        Verify.Diagnostic("GG0006").WithLocation(2).WithArguments("Array.Copy", "GradGen copies between arrays and spans of the same element type; convert the elements in a loop"));

    private const string Follows = "GradGen follows Array.Copy, CopyTo, Array.Fill, Fill, Array.Clear and Clear into local arrays (with int indices), as loops; write what this call does as a loop";

    [Fact]
    public Task AnOperationOnDataThatGradGenDoesNotFollowIsStillAnError() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, [NoDerivative] double[] data)
            {
                var a = new double[data.Length];
                data.CopyTo(a, 0);
                {|GG0012:Array.Reverse(a)|};
                return a[0] * w;
            }
        }
        """);
}
