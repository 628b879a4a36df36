using GradGen.Tests.Infrastructure;

namespace GradGen.Tests;

/// <summary>The generated source for the seed examples, compared with reviewed golden files.</summary>
public class GoldenFileTests
{
    private static string Generate(string source, string method)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return run.Single("." + method + ".");
    }

    private const string Seed = """
        using System;
        using GradGen;

        namespace Samples;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double Quadratic(double x, double y) => x * x + 3 * y * y;

            [Differentiable]
            public static double Mse(double w, double b,
                [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = ys[i] - (w * xs[i] + b);
                    sum += r * r;
                }
                return sum / xs.Length;
            }
        }
        """;

    [Fact]
    public void Square() => Baseline.AssertMatches("Square", Generate(Seed, "Square"));

    [Fact]
    public void Quadratic() => Baseline.AssertMatches("Quadratic", Generate(Seed, "Quadratic"));

    [Fact]
    public void QuadraticGradientIsTwoXSixY()
    {
        // The promise of the README: x*x + 3*y*y differentiates to exactly (2x, 6y), no zero terms.
        string source = Generate(Seed, "Quadratic");
        Assert.Contains("double _d_x = 2.0 * x;", source);
        Assert.Contains("double _d_y = 6.0 * y;", source);
        Assert.Contains("xAdjoint += 2.0 * seed * x;", source);
        Assert.Contains("yAdjoint += 6.0 * seed * y;", source);
    }

    [Fact]
    public void MeanSquaredError() => Baseline.AssertMatches("Mse", Generate(Seed, "Mse"));

    [Fact]
    public void SoftmaxCrossEntropy() => Baseline.AssertMatches("Softmax", Generate("""
        using System;
        using GradGen;

        public static partial class Classifier
        {
            // The running maximum is a selection loop: one recorded index, no tape of branch decisions.
            [Differentiable]
            public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label)
            {
        #pragma warning disable GG1002
                double max = logits[0];
                for (int i = 1; i < logits.Length; i++)
                {
                    if (logits[i] > max)
                    {
                        max = logits[i];
                    }
                }
        #pragma warning restore GG1002

                double sum = 0;
                for (int i = 0; i < logits.Length; i++)
                {
                    sum += Math.Exp(logits[i] - max);
                }

                return max + Math.Log(sum) - logits[label];
            }
        }
        """, "SoftmaxCrossEntropy"));

    [Fact]
    public void Rosenbrock() => Baseline.AssertMatches("Rosenbrock", Generate("""
        using System;
        using GradGen;

        public static partial class Benchmarks
        {
            // A stencil: the share of x[i + 1] waits in a local for the next iteration.
            [Differentiable]
            public static double Rosenbrock(ReadOnlySpan<double> x)
            {
                double f = 0;
                for (int i = 0; i < x.Length - 1; i++)
                {
                    double a = x[i + 1] - x[i] * x[i];
                    double c = 1 - x[i];
                    f += 100 * a * a + c * c;
                }
                return f;
            }
        }
        """, "Rosenbrock"));

    [Fact]
    public void FloatInstanceMethodInNestedType() => Baseline.AssertMatches("FloatInstance", Generate("""
        using System;
        using GradGen;

        namespace Models.Layers;

        public partial class Outer
        {
            internal partial struct Neuron
            {
                private readonly float _bias;

                public Neuron(float bias) => _bias = bias;

                [Differentiable]
                internal float Activate(float w, float x, [NoDerivative] float scale)
                {
                    float z = w * x + _bias;
                    z *= scale;
                    return MathF.Tanh(z) + MathF.Exp(-z * z);
                }
            }
        }
        """, "Activate"));

    [Fact]
    public void ElementaryFunctions() => Baseline.AssertMatches("Elementary", Generate("""
        using System;
        using GradGen;

        static partial class Functions
        {
            [Differentiable]
            public static double Mix(double x, double y, in double z, int n, [NoDerivative] double k)
            {
                const double half = 0.5;
                double a = Math.Sin(x) * Math.Cos(y) + Math.Log(z, 2.0);
                double b = Math.Pow(x, 3) - Math.Sqrt(z) / y + Math.Atan2(y, x);
                a -= half * Math.Exp(-x * x) * n;
                a /= 1 + Math.Abs(y);
                return a * b + Math.Max(x, y) * k + Math.PI;
            }
        }
        """, "Mix"));
}
