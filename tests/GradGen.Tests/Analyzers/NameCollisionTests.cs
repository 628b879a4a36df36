using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>GG0011: a user member that collides with FGradient, FValueAndGradient or FPullback, reported
/// on the [Differentiable] method's name.</summary>
public class NameCollisionTests
{
    [Fact]
    public Task GradientMethodWithTheSameParameters() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|GG0011:Square|}(double x) => x * x;

            public static double SquareGradient(double x) => 2 * x;
        }
        """);

    [Fact]
    public Task ValueAndGradientMethodWithTheSameParameters() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|GG0011:Quadratic|}(double x, double y) => x * x + 3 * y * y;

            public static (double Value, (double x, double y) Gradient) QuadraticValueAndGradient(double x, double y) =>
                (x * x + 3 * y * y, (2 * x, 6 * y));
        }
        """);

    [Fact]
    public Task PullbackMethodWithTheGeneratedParameters() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|GG0011:Square|}(double x) => x * x;

            public static double SquarePullback(double x, double seed, ref double xAdjoint)
            {
                xAdjoint += 2 * x * seed;
                return x * x;
            }
        }
        """);

    [Fact]
    public Task PullbackWithSpanAdjointForAnArrayParameter() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|GG0011:SumSquares|}(double[] xs, [NoDerivative] double scale)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++) s += xs[i] * xs[i];
                return s * scale;
            }

            public static double SumSquaresPullback(double[] xs, double scale, double seed, Span<double> xsAdjoint) => 0;
        }
        """);

    [Fact]
    public Task PropertyWithAGeneratedName() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            [Differentiable]
            public double {|GG0011:Loss|}(double w) => w * w;

            public double LossGradient { get; set; }
        }
        """);

    [Fact]
    public Task FieldWithAGeneratedName() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            [Differentiable]
            public double {|GG0011:Loss|}(double w) => w * w;

            private double LossPullback;

            public double Peek() => LossPullback;
        }
        """);

    [Fact]
    public Task NestedTypeWithAGeneratedName() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|GG0011:Square|}(double x) => x * x;

            public class SquareValueAndGradient
            {
            }
        }
        """);

    [Fact]
    public Task OverloadsWithOtherParameterTypesDoNotCollide() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            public static float SquareGradient(float x) => 2 * x;

            public static double SquareValueAndGradient(double x, double y) => x * y;

            public static double SquarePullback(double x, double seed) => 2 * x * seed;
        }
        """);

    [Fact]
    public Task PullbackOverloadThatDiffersOnlyByRefKindDoesNotCollide() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            // The generated pullback is SquarePullback(double, double, ref double): C# tells the two apart.
            public static double SquarePullback(double x, double seed, double xAdjoint) => xAdjoint + 2 * x * seed;
        }
        """);
}
