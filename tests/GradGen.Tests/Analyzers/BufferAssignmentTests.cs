using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Reassigned and swapped local buffers: supported as element copies and swaps where C#'s sharing cannot be seen; GG0014
/// otherwise, saying what to write instead.</summary>
public class BufferAssignmentTests
{
    [Fact]
    public Task ABufferCreatedAnewAndSwapsAreSupported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(double[] w, int steps)
            {
                int n = w.Length;
                double[] h = new double[n];
                double[] other = new double[n];
                for (int t = 0; t < steps; t++)
                {
                    var next = new double[n];
                    for (int i = 0; i < n; i++) next[i] = Math.Tanh(w[i] * h[i] + 1);
                    h = next;
                    for (int i = 0; i < n; i++) other[i] = h[i] * 2;
                    (h, other) = (other, h);
                    if (t == 2) other = new double[n];
                }

                return h[0] + other[0];
            }
        }
        """);

    [Fact]
    public Task ABufferAForeachIteratesIsNotReassignedInsideIt() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(double y)
            {
                double[] w0 = new double[2];
                double[] other = new double[2];
                foreach (double v in w0)
                {
                    if (v < 1)
                    {
                        double[] next = new double[2];
                        next[1] = 1;
                        {|GG0014:w0|} = next;
                    }

                    {|GG0014:(w0, other) = (other, w0)|};
                    {|GG0014:w0|} = new double[2];
                    y += v * y;
                }

                foreach (double v in other.AsSpan(1))
                {
                    {|GG0014:other|} = new double[2];
                    y += v;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task ASourceUsedAfterwardsOrAssignedInALoopIsAnError() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(double[] w)
            {
                double[] h = new double[2];
                double[] next = new double[2];
                for (int t = 0; t < 3; t++)
                {
                    next[0] = w[0] * h[1];
                    {|#0:h|} = next;
                }

                double[] a = new double[2];
                double[] b = new double[2];
                b[0] = w[1];
                {|#1:a|} = b;
                b[1] = 1;
                return h[0] + a[0] + a[1];
            }
        }
        """,
        Verify.Diagnostic("GG0014").WithLocation(0).WithArguments("h",
            "GradGen lowers 'h = next' as an element copy, exact only when 'next' is not used again before it is created anew, but a loop inside the block that declares 'next' runs this assignment again while 'next' is the same array, so both would name one array; copy the values instead: next.CopyTo(h), or swap the two: (h, next) = (next, h)"),
        Verify.Diagnostic("GG0014").WithLocation(1).WithArguments("a",
            "GradGen lowers 'a = b' as an element copy, exact only when 'b' is not used again before it is created anew, but 'b' is used again after it (line 20), where in C# it would be the same array as 'a'; copy the values instead: b.CopyTo(a), or swap the two: (a, b) = (b, a)"));

    [Fact]
    public Task OtherLengthsParametersViewsAndOtherTuplesAreErrors() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(double[] w, int n)
            {
                double[] a = new double[2];
                double[] b = new double[3];
                double[] c = new double[2];
                {|GG0014:a|} = b;
                {|GG0014:c|} = w;
                var view = a.AsSpan();
                double[] d = new double[2];
                {|GG0014:a|} = d;
                {|GG0014:(a, c) = (d, a)|};
                return a[0] + b[0] + c[0] + d[0] + view[0];
            }
        }
        """);

    [Fact]
    public Task AnArrayAHelperCreatesAndReturnsIsWrittenWhereItIsCalled() => Verify.AnalyzerAsync("""
        using System.Linq;
        using GradGen;

        public static partial class Triplet
        {
            static double[] Embed(double[] w, double[] x, int dim)
            {
                var e = new double[dim];
                for (int i = 0; i < dim; i++) e[i] = w[i] * x[i];
                return e;
            }

            [Differentiable]
            public static double Loss(double[] w, [NoDerivative] double[][] xs, int dim)
            {
                double loss = 0;
                for (int n = 0; n < xs.Length; n++)
                {
                    double[] a = Embed(w, xs[n], dim);
                    var b = Embed(w, xs[(n + 1) % xs.Length], 2);
                    loss += a.Zip(b, (u, v) => u * v).Sum();
                }

                return loss;
            }
        }
        """);

    [Fact]
    public Task AnArrayAHelperDoesNotCreateOrReturnsInTwoPlacesIsAnErrorThatSaysWhatToWrite() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Helpers
        {
            static double[] Same(double[] w) => w;

            static double[] Either(double[] w, bool first)
            {
                var e = new double[2];
                if (first) return e;
                e[0] = w[0];
                return e;
            }

            static double[] Growing(double[] w, int k)
            {
                var {|#2:e = new double[k]|};
                for (int i = 0; i < k; i++) e[i] = w[i];
                return e;
            }

            [Differentiable]
            public static double Loss(double[] w)
            {
                double loss = 0;
                double[] {|#0:a = Same(w)|};
                double[] {|#1:b = Either(w, true)|};
                for (int k = 1; k < w.Length; k++)
                {
                    double[] c = Growing(w, k);
                    loss += c[0];
                }

                return loss + a[0] + b[0];
            }
        }
        """,
        Verify.Diagnostic("GG0014").WithLocation(0).WithArguments("a",
            "'Same' returns a new array, which GradGen writes where it is called, but it does not end with return of a local array it created (return e;); or create the buffer here and fill it in a loop (a[i] = ...)"),
        Verify.Diagnostic("GG0014").WithLocation(1).WithArguments("b",
            "'Either' returns a new array, which GradGen writes where it is called, but it returns in more than one place; let it end with its only return (return e;); or create the buffer here and fill it in a loop (b[i] = ...)"),
        Verify.Diagnostic("GG0014").WithLocation(2).WithArguments("e",
            "'Growing' is written where 'Loss' calls it, and the buffers it creates are created once, before the call; so the length must be the same on every call (constants, and counts or lengths of the caller that never change, passed as arguments); otherwise let the caller create the buffer and fill it"));

    [Fact]
    public Task ABufferReassignedInsideAForeachOverItIsAnError() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss(double[] w)
            {
                double[] h = new double[2];
                double[] g = new double[2];
                double s = 0;
                foreach (double v in h)
                {
                    var next = new double[2];
                    next[0] = w[0] * v;
                    {|#0:h|} = next;
                    {|GG0014:(g, h) = (h, g)|};
                    s += v;
                }

                for (int i = 0; i < h.Length; i++)
                {
                    var next = new double[2];
                    next[1] = w[1] * h[i];
                    h = next;
                }

                return s + h[1] + g[0];
            }
        }
        """,
        Verify.Diagnostic("GG0014").WithLocation(0).WithArguments("h",
            "the foreach around this assignment iterates 'h' and goes on reading the array it started with, which GradGen's element copy would change; iterate with a for loop over the index, or assign after the loop"));
}
