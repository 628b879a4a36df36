using GradGen.Tests.Infrastructure;

namespace GradGen.Tests;

/// <summary>
/// Golden files for the shapes of generated code that users read when they step through a gradient: a tape in a
/// while loop, a recorded branch, an early return, a call fused with its pullback, a rented local buffer, a selection
/// loop, and the untaken side of <c>?:</c>. They pin the output so that a change to the core shows as a diff.
/// </summary>
public class ShapeGoldenFileTests
{
    private static string Generate(string body, string method)
    {
        string source = """
            using System;
            using GradGen;

            #pragma warning disable GG1002
            public static partial class Shapes
            {
            """ + body + """
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return run.Single("." + method + ".");
    }

    [Fact]
    public void HelperWithoutTheAttribute()
    {
        // The user's own helper, not marked: the caller calls a pullback GradGen generates for it, in a file of its own,
        // internal (it is public) and hidden from IntelliSense.
        GeneratorRun run = GeneratorHarness.Run("""
            using System;
            using GradGen;

            public static partial class Shapes
            {
                public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

                [Differentiable]
                public static double Logistic(double w, double b, [NoDerivative] double x, [NoDerivative] double y)
                {
                    double p = Sigmoid(w * x + b);
                    return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
                }
            }
            """);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Baseline.AssertMatches("HelperWithoutAttribute", run.Single(".Sigmoid.") + run.Single(".Logistic."));
    }

    [Fact]
    public void TapeInAWhileLoop() => Baseline.AssertMatches("WhileTape", Generate("""
            // Newton's method for x^2 = a: the iterate is overwritten each round, and the number of rounds depends on it.
            [Differentiable]
            public static double SquareRoot(double a)
            {
                double x = a;
                while (Math.Abs(x * x - a) > 1e-12 * a)
                {
                    x = 0.5 * (x + a / x);
                }

                return x;
            }
        """, "SquareRoot"));

    [Fact]
    public void RecordedBranch() => Baseline.AssertMatches("RecordedBranch", Generate("""
            // The condition reads a value the branch overwrites: the decision is recorded, not re-evaluated.
            [Differentiable]
            public static double Clip(double x, double limit)
            {
                double y = x * x;
                if (y > limit)
                {
                    y = limit + Math.Log(y - limit + 1);
                }

                return y * x;
            }
        """, "Clip"));

    [Fact]
    public void EarlyReturn() => Baseline.AssertMatches("EarlyReturn", Generate("""
            [Differentiable]
            public static double FirstLarge(double[] x, double threshold)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += x[i] * x[i];
                    if (s > threshold)
                    {
                        return Math.Sqrt(s);
                    }
                }

                return s;
            }
        """, "FirstLarge"));

    [Fact]
    public void CallFusedWithItsPullback() => Baseline.AssertMatches("CallPullbackFusion", Generate("""
            [Differentiable]
            public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    s += Softplus(w * xs[i]);
                }

                return s;
            }
        """, "Loss"));

    [Fact]
    public void ScratchArraysInAReductionLoop()
    {
        // Local arrays overwritten whole for every sample before they are read: the reverse sweep runs inside the sample loop,
        // so the tape holds one sample's values. A buffer read before it is overwritten (the previous sample's values) keeps
        // the loop's separate reverse loop.
        string fused = Generate("""
                [Differentiable]
                public static double PerSample(double[] w, [NoDerivative] double[] xs, int n)
                {
                    int d = w.Length;
                    double[] centered = new double[d];
                    double[] scaled = new double[d];
                    double total = 0;
                    for (int s = 0; s < n; s++)
                    {
                        for (int j = 0; j < d; j++) centered[j] = xs[s * d + j] - w[j];
                        for (int j = 0; j < d; j++) scaled[j] = w[j] * centered[j];
                        for (int i = 0; i < d; i++)
                        {
                            for (int j = i + 1; j < d; j++) scaled[j] += w[i] * centered[i];
                        }

                        double norm = 0;
                        for (int j = 0; j < d; j++) norm += scaled[j] * scaled[j];
                        total += Math.Log(1 + norm);
                    }

                    return total / n;
                }
            """, "PerSample");
        Baseline.AssertMatches("ScratchLoop", fused);
        Assert.DoesNotContain("s >= 0", fused, StringComparison.Ordinal);

        string carried = Generate("""
                [Differentiable]
                public static double Carried(double[] w, [NoDerivative] double[] xs, int n)
                {
                    int d = w.Length;
                    double[] previous = new double[d];
                    double total = 0;
                    for (int s = 0; s < n; s++)
                    {
                        double dot = 0;
                        for (int j = 0; j < d; j++) dot += previous[j] * w[j];
                        for (int j = 0; j < d; j++) previous[j] = Math.Sin(w[j] * xs[s * d + j]);
                        total += dot * dot + previous[0];
                    }

                    return total;
                }
            """, "Carried");
        Assert.Contains("for (int s = n - 1; s >= 0; s--)", carried, StringComparison.Ordinal);
    }

    [Fact]
    public void RentedLocalBuffer() => Baseline.AssertMatches("LocalBuffer", Generate("""
            [Differentiable]
            public static double SmoothedEnergy(double[] x)
            {
                double[] smooth = new double[x.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    smooth[i] = i == 0 ? x[i] : 0.5 * (x[i] + x[i - 1]);
                }

                double e = 0;
                for (int i = 0; i < smooth.Length; i++)
                {
                    e += smooth[i] * smooth[i];
                }

                return e;
            }
        """, "SmoothedEnergy"));

    [Fact]
    public void SelectionLoop() => Baseline.AssertMatches("SelectionLoop", Generate("""
            [Differentiable]
            public static double SoftMaximum(ReadOnlySpan<double> x)
            {
                double m = x[0];
                for (int i = 1; i < x.Length; i++)
                {
                    m = Math.Max(m, x[i]);
                }

                double s = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    s += Math.Exp(x[i] - m);
                }

                return m + Math.Log(s);
            }
        """, "SoftMaximum"));

    [Fact]
    public void UntakenSideOfAConditional() => Baseline.AssertMatches("UntakenBranch", Generate("""
            [Differentiable]
            public static double Shifted(double[] a, double[] b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    double v = i == 0 ? a[i] : b[i - 1] * Math.Exp(a[i]);
                    s += v * v;
                }

                return s;
            }
        """, "Shifted"));
}
