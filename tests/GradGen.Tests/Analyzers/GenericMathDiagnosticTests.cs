using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>What a generic [Differentiable] method cannot do is an error at the construct (GG0029, GG0006), one per construct.</summary>
public class GenericMathDiagnosticTests
{
    [Fact]
    public Task GG0029_VaryingDoubleConvertedIntoT() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static T Scale<T>(T x, double factor) where T : IFloatingPointIeee754<T>
                => x * {|GG0029:T.CreateChecked(factor)|};
        }
        """);

    [Fact]
    public Task GG0029_VaryingTConvertedIntoT() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static T Scale<T>(T x) where T : IFloatingPointIeee754<T>
                => x + {|GG0029:T.CreateSaturating(x * x)|};
        }
        """);

    [Fact]
    public Task ConstantsAndCountsConvertedIntoTAreFine() => Verify.AnalyzerAsync("""
        using System;
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static T Mean<T>(ReadOnlySpan<T> xs, [NoDerivative] double offset) where T : IFloatingPointIeee754<T>
            {
                T sum = T.CreateChecked(offset);
                for (int i = 0; i < xs.Length; i++) sum += xs[i] * T.CreateTruncating(i + 1);
                return sum / T.CreateChecked(xs.Length) + T.CreateChecked(0.5) + T.One;
            }
        }
        """);

    [Fact]
    public Task GG0006_VaryingTConvertedToDouble() => Verify.AnalyzerAsync("""
        using System;
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            // Two constructs, two errors: the conversion out of T has no derivative, the one back into T is held constant.
            [Differentiable]
            public static T Scale<T>(T x) where T : IFloatingPointIeee754<T>
                => x * {|GG0029:T.CreateChecked(Math.Exp({|GG0006:double.CreateChecked(x)|}))|};
        }
        """);

    [Fact]
    public Task GG0006_FunctionOfTWithoutAKnownDerivative() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static T Decay<T>(T x) where T : IFloatingPointIeee754<T> => {|GG0006:T.Exp10(x)|} + x;
        }
        """);

    [Fact]
    public Task NaNTestOfTIsAConstantCondition() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static T Safe<T>(T x) where T : IFloatingPointIeee754<T> => T.IsNaN(x) ? T.Zero : x * x;
        }
        """);
}
