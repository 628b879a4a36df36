using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Pattern matching: what GradGen turns into comparisons and if/else, and what it reports where it cannot.</summary>
public class PatternTests
{
    [Fact]
    public Task SupportedPatternsReportNothing() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public enum Kind { Relu, Tanh, Linear }

        public static partial class Activations
        {
            [Differentiable]
            public static double Apply(double x, Kind kind, int n, string name)
            {
                double y;
                switch (kind)
                {
                    case Kind.Relu when n > 0:
                        y = Math.Exp(x);
                        break;
                    case Kind.Tanh or Kind.Linear:
                        y = kind is Kind.Tanh ? Math.Tanh(x) : x;
                        break;
                    default:
                        throw new ArgumentException("unknown activation");
                }

                double scale = name switch { "double" => 2, "half" => 0.5, _ => 1 };
                return y * scale + (n is >= 2 and < 5 or 7 ? y : 0) + (n is not 3 ? 1 : 2) * x;
            }
        }
        """);

    [Fact]
    public Task SwitchExpressionWithoutADiscardArm() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Apply(double x) => {|GG0012:x switch { {|GG1002:< 0|} => 0.1 * x, {|GG1002:>= 0|} => x }|};
        }
        """);

    [Fact]
    public Task ExhaustiveSwitchExpressionNeedsNoDiscard() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Apply(double x, bool leaky) => leaky switch { true => 0.1 * x, false => x };
        }
        """);

    [Fact]
    public Task BreakBeforeTheEndOfASection() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int kind)
            {
                double y = x;
                switch (kind)
                {
                    case 0:
                        if ({|GG1002:x > 1|}) {|GG0007:break|};
                        y = 2 * x;
                        break;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task SectionsSharingALocal() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int kind)
            {
                {|GG0007:switch|} (kind)
                {
                    case 0:
                        double t = x;
                        return t;
                    default:
                        t = 2 * x;
                        return t;
                }
            }
        }
        """);

    [Fact]
    public Task DeclarationPatternIsReportedAtThePattern() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, object tag) => tag switch { {|GG0012:string s|} => x, _ => 2 * x };
        }
        """);

    [Fact]
    public Task PatternOnAValueWithACallNeedsALocal() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            private static double Scale(double v) => 3 * v;

            [Differentiable]
            public static double Loss(double x) => {|GG0012:Scale(x)|} is > 0 and < 1 ? x : 0;
        }
        """);

    [Fact]
    public Task SwitchExpressionSelectingConstantsIsAStep() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, double t) =>
                ({|GG1007:(x - t) switch { {|GG1002:> 0|} => 1.0, _ => 0.0 }|}) + x;
        }
        """);
}
