using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Jagged data: read, aliased and iterated without a word; jagged weights and writes are errors at the construct.</summary>
public class JaggedDataTests
{
    [Fact]
    public Task JaggedDataIsReadAliasedAndIterated() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] w, [NoDerivative] double[][] xs, int[][] counts)
            {
                double s = 0;
                foreach (double[] x in xs)
                {
                    for (int j = 0; j < x.Length; j++) s += w[j] * x[j];
                }

                var first = xs[0];
                return s + first[1] * xs[xs.Length - 1][0] + counts[0][0] * w[0];
            }
        }
        """);

    [Fact]
    public Task JaggedAndTwoDimensionalWeightsAreDifferentiatedWithoutAWord() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            static double Dot(double[] a, double[] b) => a[0] * b[0] + a[1] * b[1];

            [Differentiable]
            public static double Loss(double b, double[][] weights, double[,] m, [NoDerivative] double[][] xs) =>
                b * weights[0][0] + Dot(weights[1], xs[0]) + m[1, 0] * m.GetLength(1);
        }
        """);

    [Fact]
    public Task NamesOfDifferentiableGridsAreAliasesThatStayPut() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[][] w, double[,] m, bool second)
            {
                var v = w;
                var n = m;
                double[][] {|GG0014:u = second ? w : v|};
                {|GG0014:v|} = w;
                {|GG0009:n[0, 0]|} = 1;
                {|GG0009:v[0][0]|} = 1;
                return v[0][0] * n[0, 1];
            }
        }
        """);

    [Fact]
    public Task WritesToRowsAndReassignedAliasesAreErrors() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, [NoDerivative] double[][] xs)
            {
                var x = xs[0];
                {|GG0009:x[0]|} = w;
                {|GG0009:xs[1][0]|} = w;
                {|GG0014:x|} = xs[1];
                return w * x[1];
            }
        }
        """);
}

/// <summary>LINQ reductions of arrays: supported as statements' values; reported where they would have to stay calls.</summary>
public class ReductionTests
{
    [Fact]
    public Task ReductionsOfArraysAreSupported() => Verify.AnalyzerAsync("""
        using System.Linq;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x, [NoDerivative] double[] data, bool flag)
            {
                double m = x.Max();
                double s = x.Sum() / x.Length + (flag ? data.Average() : data.Min());
                if (data.Sum() > 1) s += Enumerable.Min(x);
                return m * s;
            }
        }
        """);

    [Fact]
    public Task ReductionOfAVaryingArrayThatWouldStayACall() => Verify.AnalyzerAsync("""
        using System.Linq;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x, bool flag)
            {
                double s = flag ? {|GG0012:x.Sum()|} : 0;
                if ({|GG1002:{|GG0012:x.Max()|} > 1|}) s += 1;
                return s + (flag ? {|GG0012:x.Select(v => v * v).Sum()|} : 0);
            }
        }
        """);
}
