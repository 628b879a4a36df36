using GradGen.Tests.Infrastructure;

namespace GradGen.Tests;

/// <summary>The generated source for model-type parameters, compared with a reviewed golden file: the leaves read out of
/// the value, the caller's adjoint read into the leaves' adjoints and written back, gradients built of the user's type.</summary>
public class ModelTypeGoldenFileTests
{
    private const string Source = """
        using System;
        using GradGen;

        namespace Samples;

        public readonly record struct Line(double W, double B);

        public sealed class Layer
        {
            public double[] Weights = Array.Empty<double>();
            public double Bias;
        }

        public static partial class Models
        {
            [Differentiable(Forward = true)]
            public static double Loss(Line line, Layer layer, [NoDerivative] double[] x, [NoDerivative] double y)
            {
                double z = layer.Bias;
                for (int i = 0; i < x.Length; i++)
                {
                    z += layer.Weights[i] * x[i];
                }

                double r = line.W * Math.Tanh(z) + line.B - y;
                return r * r;
            }
        }
        """;

    [Fact]
    public void RecordStructAndClassWithWeightArray()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Baseline.AssertMatches("ModelTypes", run.Single(".Loss."));
    }

    private const string MemberwiseSource = """
        using System;
        using GradGen;

        namespace Samples;

        public sealed class Layer
        {
            public double[] Weights = Array.Empty<double>();
            public double Bias;
        }

        public static partial class Models
        {
            private static double Activation(Layer layer, double[] x)
            {
                double z = layer.Bias;
                for (int i = 0; i < x.Length; i++) z += layer.Weights[i] * x[i];
                return Math.Tanh(z);
            }

            [Differentiable]
            public static double Loss(Layer layer, [NoDerivative] double[] x, [NoDerivative] double y)
            {
                double r = Activation(layer, x) - y;
                return r * r;
            }
        }
        """;

    [Fact]
    public void ModelValuePassedToAHelperThroughItsMemberwisePullback()
    {
        GeneratorRun run = GeneratorHarness.Run(MemberwiseSource);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Baseline.AssertMatches("ModelTypes.Memberwise.Caller", run.Single(".Loss."));
        Baseline.AssertMatches("ModelTypes.Memberwise.Callee", run.Single(".Activation.").Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private const string BuiltArgumentSource = """
        using GradGen;

        public readonly record struct Vec2(double X, double Y);

        public static partial class Geometry
        {
            private static double Dist2(Vec2 u, Vec2 v) => (u.X - v.X) * (u.X - v.X) + (u.Y - v.Y) * (u.Y - v.Y);

            [Differentiable]
            public static double Spread(double x, double y, Vec2 c)
            {
                var p = new Vec2(x, y);
                return Dist2(p, c) + Dist2(c with { Y = x * y }, new Vec2(y, 1));
            }
        }
        """;

    [Fact]
    public void ModelValuesBuiltOfTheirMembersPassedToAHelper()
    {
        GeneratorRun run = GeneratorHarness.Run(BuiltArgumentSource);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Baseline.AssertMatches("ModelTypes.Memberwise.BuiltArgument", run.Single(".Spread."));
    }

    private const string OperatorSource = """
        using GradGen;

        public readonly partial record struct Vec2(double X, double Y)
        {
            [Differentiable]
            public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

            [Differentiable]
            public static double operator *(Vec2 a, Vec2 b) => a.X * b.X + a.Y * b.Y;
        }

        public static partial class Geometry
        {
            [Differentiable]
            public static double Distance2(Vec2 p, Vec2 q)
            {
                var d = p - q;
                return d * d;
            }
        }
        """;

    [Fact]
    public void OperatorsOfAModelTypeWrittenWhereTheyAreUsed()
    {
        GeneratorRun run = GeneratorHarness.Run(OperatorSource);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        Baseline.AssertMatches("ModelTypes.Operators", run.Single(".Distance2."));
    }
}
