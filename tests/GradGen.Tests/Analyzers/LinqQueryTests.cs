using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>LINQ with lambdas and method groups: what GradGen lowers is silent; every other LINQ method, and lambdas that assign,
/// hold statements or are stored, are errors that name them.</summary>
public class LinqQueryTests
{
    [Fact]
    public Task QueriesWithLambdasAndMethodGroupsAreSupported() => Verify.AnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] w, [NoDerivative] double[][] xs, List<double[]> rows, List<double> ys)
            {
                double loss = w.Sum(v => v * v) + w.Sum(Math.Exp) + w.Average(v => v) + w.Max(v => v) + w.Min(v => -v);
                for (int n = 0; n < xs.Length; n++)
                {
                    double mean = xs[n].Average();
                    loss += xs[n].Select((x, j) => (x - mean) * w[j]).Sum() + rows[n].Zip(w, (r, v) => r * v).Max();
                }

                return loss + ys.Sum() + ys.Select(y => y * w[0]).Average() + w.Sum(u => w.Sum(v => u * v));
            }
        }
        """);

    [Fact]
    public Task OtherLinqMethodsAreNamed() => Verify.AnalyzerAsync("""
        using System.Linq;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x)
            {
                double a = {|#0:x.Where(v => v > 0).Sum()|};
                double b = {|#1:x.Select(v => v * v).ToArray()|}.Sum();
                double c = {|#2:x.OrderBy(v => v).First()|};
                return a + b + c;
            }
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("x.Where(v => v > 0).Sum()", Because("Where")),
        Verify.Diagnostic("GG0012").WithLocation(1).WithArguments("x.Select(v => v * v).ToArray()", Because("ToArray")),
        Verify.Diagnostic("GG0012").WithLocation(2).WithArguments("x.OrderBy(v => v).First()", Because("OrderBy")));

    private static string Because(string method) =>
        "LINQ's " + method + " is not one GradGen lowers: it lowers Sum, Average, Max and Min of arrays, rows of data and lists, with a lambda or a method group of Math, or over Select and Zip, to loops; write this query as a for loop";

    [Fact]
    public Task LambdasThatAssignOrHoldStatementsOrAreStoredAreErrors() => Verify.AnalyzerAsync("""
        using System;
        using System.Linq;
        using GradGen;

        public static partial class Losses
        {
            private static double Square(double v) => v * v;

            [Differentiable]
            public static double Loss(double[] x)
            {
                double s = 0;
                double a = x.Sum(v => {|GG0012:s += v|});
                double b = x.Sum({|GG0012:v => { double t = v * v; return t; }|});
                Func<double, double> {|GG0012:f = v => v * v|};
                double c = x.Sum({|GG0012:f|});
                double d = x.Sum({|GG0012:Square|});
                return a + b + c + d + s;
            }
        }
        """);

    [Fact]
    public Task AQueryThatRunsOnlySometimesIsAnError() => Verify.AnalyzerAsync("""
        using System.Linq;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x, bool flag)
            {
                double a = flag ? {|GG0012:x.Sum(v => v * v)|} : 0;
                double b = x.Length > 2 && {|GG0012:x.Select(v => v).Max()|} > 1 ? 1 : 0;
                return a + b;
            }
        }
        """);

    [Fact]
    public Task AnIntegerQueryIsAnError() => Verify.AnalyzerAsync("""
        using System.Linq;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, int[] counts) => w * {|GG0012:counts.Sum(c => c * 2)|};
        }
        """);
}
