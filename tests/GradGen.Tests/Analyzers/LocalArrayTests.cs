using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>GG0014: local arrays and spans must be created once, with new T[n] or stackalloc T[n], at the
/// top level of the method body, and never reassigned. Reported on the declarator, or on the local's name
/// where it is reassigned.</summary>
public class LocalArrayTests
{
    [Fact]
    public Task DeclaredInsideALoopIsHoisted() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Smoothness(double[] x, int passes)
            {
                double sum = 0;
                for (int p = 0; p < passes; p++)
                {
                    double[] d = new double[x.Length - 1];
                    for (int i = 0; i < d.Length; i++)
                    {
                        d[i] = x[i + 1] - x[i];
                        sum += d[i] * d[i];
                    }
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task StackallocInsideAWhileLoopIsHoisted() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n)
            {
                double sum = 0;
                int k = 0;
                while (k < n)
                {
                    Span<double> t = stackalloc double[2];
                    t[0] = x;
                    sum += t[0] * x;
                    k++;
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task DeclaredInsideABranchIsHoisted() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n)
            {
                double y = x;
                if (n > 0)
                {
                    double[] t = new double[n];
                    t[0] = x * x;
                    y = t[0];
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task DeclaredInsideANestedBlockIsHoisted() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double y;
                {
                    double[] t = new double[1];
                    t[0] = x * x;
                    y = t[0];
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task ALengthReadInAnIndexOfAnAssignmentIsStillTheSameEveryTime() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] a, double x)
            {
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    double[] w = new double[a.Length];
                    w[a.Length - 1] = x;
                    s += w[a.Length - 1];
                }

                return s;
            }
        }
        """);

    [Fact]
    public Task DeclaredInsideALoopWithALengthThatChanges() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x)
            {
                double sum = 0;
                int m = 1;
                for (int p = 0; p < x.Length; p++)
                {
                    double[] {|GG0014:prefix = new double[p + 1]|};
                    double[] {|GG0014:grown = new double[m]|};
                    m++;
                    prefix[p] = x[p];
                    grown[0] = x[p];
                    sum += prefix[p] * grown[0];
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task ListsOfValuesAreSupported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double[] w = { 1.0, 2.0 };
                double[] v = [x, x * x];
                Span<double> s = [w[0], 2 * x];
                for (int i = 0; i < 2; i++)
                {
                    var u = new[] { x, v[i] };
                    w[i] += u[0] * u[1] + s[i];
                }

                return w[0] * x + w[1];
            }
        }
        """);

    [Fact]
    public Task ListsThatCannotBeBuffers() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, double[] y)
            {
                ReadOnlySpan<double> {|GG0014:r = new[] { x, 2 * x }|};
                double[] {|GG0014:z = [.. y, x]|};
                return r[0] + z[0];
            }
        }
        """);

    [Fact]
    public Task AnAliasOfAParameterIsTheCallersArray() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x)
            {
                double[] copy = x;
                {|GG0009:copy[1]|} = 2;
                return copy[0] * copy[0];
            }
        }
        """);

    [Fact]
    public Task AViewOfAnotherArrayIsFine() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] x)
            {
                ReadOnlySpan<double> tail = x.AsSpan(1);
                return tail[0] * x[0];
            }
        }
        """);

    [Fact]
    public Task ReassignedWithAnotherArray() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double[] other)
            {
                double[] t = new double[3];
                t[0] = x;
                {|GG0014:t|} = other;
                return t[0] * x;
            }
        }
        """);

    [Fact]
    public Task ReassignedWithANewArray() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double[] w = new double[2];
                {|GG0014:w|} = new double[3];
                w[0] = x;
                return w[0] * x;
            }
        }
        """);

    [Fact]
    public Task TopLevelBuffersAreFine() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Layers
        {
            [Differentiable]
            public static double Forward(double[] w, [NoDerivative] double[] input)
            {
                double[] hidden = new double[input.Length];
                Span<double> prefix = stackalloc double[input.Length + 1];
                prefix[0] = 0;
                for (int i = 0; i < input.Length; i++)
                {
                    hidden[i] = Math.Tanh(w[i] * input[i]);
                    prefix[i + 1] = prefix[i] + hidden[i];
                }

                return prefix[input.Length];
            }
        }
        """);

    [Fact]
    public Task AnArrayHelpersNoDerivativeSpanBoundToAVaryingArrayIsAnError() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            static double[] Copy(double u, [NoDerivative] ReadOnlySpan<double> v)
            {
                var r = new double[2];
                r[0] = u * v[0];
                return r;
            }

            [Differentiable]
            public static double Varies(double[] a, double x)
            {
                double[] e = Copy(x, {|#0:a|});
                return e[0];
            }

            [Differentiable]
            public static double Data([NoDerivative] double[] a, double x)
            {
                double[] e = Copy(x, a);
                return e[0];
            }
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("a",
            "'v' of 'Copy' is [NoDerivative], and GradGen writes 'Copy' where it is called, where the array it names varies; remove [NoDerivative] (the derivative then flows through it), or copy the values into a local buffer read through Gradients.WithoutDerivative"));
}
