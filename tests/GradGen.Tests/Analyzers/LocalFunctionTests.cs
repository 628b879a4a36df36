using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Local functions are written where they are called: static or capturing, expression- or block-bodied, with early
/// returns, loops, array parameters and calls of their own report nothing; what cannot be written there is an error at the
/// call, and an error inside a local function's body is reported once however often it is called.</summary>
public class LocalFunctionTests
{
    [Fact]
    public Task LocalFunctionsAreSupported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double a, double b, double[] x)
            {
                static double Sq(double v) => v * v;
                double Scaled(double v) => v * b;
                static double Clip(double v)
                {
                    if ({|GG1002:v > 2|}) return 2;
                    return {|GG1002:v < -2|} ? -2 : v;
                }

                double FirstAbove(double[] u, double t)
                {
                    for (int i = 0; i < u.Length; i++)
                    {
                        if ({|GG1002:u[i] * a > t|}) return u[i] * a;
                    }

                    return -1;
                }

                double total = 0;
                void Add(double v) => total += v;
                double[] work = new double[2];
                static void Fill(Span<double> buffer, double v)
                {
                    for (int i = 0; i < buffer.Length; i++) buffer[i] = v * (i + 1);
                }

                Fill(work, a);
                Add(Sq(a) + Scaled(Clip(a)));
                Add(FirstAbove(x, 1.0) + work[1]);
                return total;
            }
        }
        """);

    [Fact]
    public Task LocalFunctionThatCallsItself() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double Power(double v, int n)
                {
                    if (n == 0) return 1;
                    double rest = {|GG0012:Power(v, n - 1)|};
                    return v * rest;
                }

                return Power(x, 3);
            }
        }
        """);

    [Fact]
    public Task LocalFunctionCalledInsideAConditional() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                static double Sq(double v) => v * v;
                return {|GG1002:x > 0|} ? {|GG0012:Sq(x)|} : x;
            }
        }
        """);

    [Fact]
    public Task LocalFunctionThatChangesWhatTheStatementReadBefore() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double y = x;
                double Bump()
                {
                    y += 1;
                    return y * x;
                }

                double before = y + {|GG0012:Bump()|};
                double after = Bump() + y;
                return before + after;
            }
        }
        """);

    [Fact]
    public Task LocalFunctionsGradGenCannotWriteWhereTheyAreCalled() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                static T Identity<T>(T v) => v;
                static double Twice(ref double v) => v * 2;
                static (double, double) Pair(double v) => (v, v * v);
                static double Sq(double v) => v * v;
                double y = x;
                {|GG0007:Sq(x)|};
                return {|GG0012:Identity(x)|} + {|GG0012:Twice(ref y)|} + {|GG0012:Pair(x)|}.Item1;
            }
        }
        """);

    [Fact]
    public Task ErrorInsideALocalFunctionIsReportedOnce() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, double y)
            {
                static double Rounded(double v) => (double){|GG0008:(decimal)v|};
                return Rounded(x) + Rounded(y);
            }
        }
        """);
}
