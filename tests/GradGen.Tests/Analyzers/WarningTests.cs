using System.Collections.Immutable;
using GradGen.Generator;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradGen.Tests.Analyzers;

/// <summary>Warnings and information where the math is defined but surprising: GG1001 (steps), GG1002
/// (comparisons, off by default), GG1003 (kinks, off by default), GG1007 (a comparison that selects constants), GG1004 (redundant [NoDerivative]), GG1005 (nothing to
/// differentiate), GG1006 (a differentiable value passed to a [NoDerivative] parameter).</summary>
public class WarningTests
{
    // ------------------------------------------------------------------ GG1001

    [Fact]
    public Task GG1001_FloorOnTheCall() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Staircase(double x) =>
                {|GG1001:Math.Floor(x)|} + 0.1 * x;
        }
        """);

    [Fact]
    public Task GG1001_EveryStepFunction() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Steps(double x)
            {
                double a = {|GG1001:Math.Ceiling(x)|};
                double b = {|GG1001:Math.Round(x)|};
                double c = {|GG1001:Math.Round(x, 2)|};
                double d = {|GG1001:Math.Truncate(x * 3)|};
                int e = {|GG1001:Math.Sign(x)|};
                return a + b + c + d + e * x;
            }
        }
        """);

    [Fact]
    public Task GG1001_MathF() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static float Staircase(float x) => {|GG1001:MathF.Floor(x)|} * x;
        }
        """);

    [Fact]
    public Task GG1001_NotReportedOnConstantsOrHeldValues() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double c, int n) =>
                Math.Floor(c) * x + Math.Round(2.5) + Math.Sign(n) * x + Gradients.WithoutDerivative(Math.Floor(x));
        }
        """);

    // ------------------------------------------------------------------ GG1002

    [Fact]
    public Task GG1002_ComparisonInAConditional() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Relu(double x) =>
                {|GG1002:x > 0|} ? x : 0;
        }
        """);

    [Fact]
    public Task GG1002_ComparisonInAnIfAndALoopCondition() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, double t)
            {
                double y = x;
                if ({|GG1002:y <= t|})
                {
                    y = 2 * y;
                }

                while ({|GG1002:y * y != 4|} && {|GG1002:y < 100|})
                {
                    y = y + 1;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task GG1002_NotReportedForIntegersConstantsAndHeldValues() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Relu(double x, [NoDerivative] double threshold, int n)
            {
                double y = Gradients.WithoutDerivative(x) > 0 ? x : 0;
                if (threshold > 1 && n > 2)
                {
                    y = y * threshold;
                }

                return y;
            }
        }
        """);

    [Fact]
    public void GG1002_DescriptorIsInfoAndOffByDefault()
    {
        DiagnosticDescriptor comparison = new GradGenAnalyzer().SupportedDiagnostics.Single(d => d.Id == "GG1002");
        Assert.Equal(DiagnosticSeverity.Info, comparison.DefaultSeverity);
        Assert.False(comparison.IsEnabledByDefault);
    }

    // What users write every day (ReLU, Huber, clamp, a convergence test) builds without a word, also with
    // warnings as errors: the analyzer runs as the compiler runs it.
    [Fact]
    public async Task EverydayComparisonsWarnOfNothingInAPlainCompilation()
    {
        ImmutableArray<Diagnostic> diagnostics = await GeneratorHarness.Compile("""
            using System;
            using GradGen;

            public static partial class Losses
            {
                [Differentiable]
                public static double Relu(double x) => x > 0 ? x : 0;

                [Differentiable]
                public static double Huber(double r, [NoDerivative] double delta) =>
                    Math.Abs(r) <= delta ? 0.5 * r * r : delta * (Math.Abs(r) - 0.5 * delta);

                [Differentiable]
                public static double Root(double a)
                {
                    double x = a;
                    while (Math.Abs(x * x - a) > 1e-12) x = 0.5 * (x + a / x);
                    return x;
                }
            }
            """)
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(diagnostics);
    }

    // ------------------------------------------------------------------ GG1007

    [Fact]
    public Task GG1007_StepWithRespectToTheThreshold() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Indicators
        {
            [Differentiable]
            public static double Above(double x, double t) =>
                ({|#0:{|GG1002:x > t|} ? 1.0 : 0.0|}) + x;
        }
        """,
        Verify.Diagnostic("GG1007").WithLocation(0).WithArguments("x > t ? 1.0 : 0.0", "x > t"));

    [Fact]
    public Task GG1007_StepThroughLogicalOperatorsAndNegation() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Indicators
        {
            [Differentiable]
            public static double Inside(double x, double lo, [NoDerivative] double scale)
            {
                double inside = {|GG1007:!({|GG1002:x < lo|} || {|GG1002:x > 2 * lo|}) ? scale : 0.0|};
                return inside * x;
            }
        }
        """);

    [Fact]
    public Task GG1007_NotReportedWhenABranchVariesOrTheComparisonIsConstant() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Indicators
        {
            [Differentiable]
            public static double Relu(double x, [NoDerivative] double t, int n) =>
                ({|GG1002:x > 0|} ? x : 0.0) + (t > 1 ? 1.0 : 0.0) * x + (n > 2 ? 2.0 : 1.0) * x
                + (Gradients.WithoutDerivative(x) > 0 ? 1.0 : 0.0) + Gradients.WithoutDerivative(x > 1 ? 1.0 : 0.0);
        }
        """);

    // ------------------------------------------------------------------ GG1003

    private const string HingeSource = """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Hinge(double margin) => Math.Max(0, 1 - margin) + Math.Abs(margin);
        }
        """;

    [Fact]
    public void GG1003_DescriptorIsInfoAndOffByDefault()
    {
        DiagnosticDescriptor kink = new GradGenAnalyzer().SupportedDiagnostics.Single(d => d.Id == "GG1003");
        Assert.Equal(DiagnosticSeverity.Info, kink.DefaultSeverity);
        Assert.False(kink.IsEnabledByDefault);
    }

    // The analyzer testing library turns on diagnostics that are off by default, so "off by default" is
    // checked on a plain compilation, the way the compiler runs the analyzer.
    [Fact]
    public async Task GG1003_NotReportedInAPlainCompilation()
    {
        ImmutableArray<Diagnostic> diagnostics = await GeneratorHarness.Compile(HingeSource)
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task GG1003_ReportedInAPlainCompilationWhenTurnedOn()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(HingeSource);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { ["GG1003"] = ReportDiagnostic.Info }));
        ImmutableArray<Diagnostic> diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Equal(
            new[] { "GG1003 Info Math.Max(0, 1 - margin)", "GG1003 Info Math.Abs(margin)" },
            diagnostics.Select(d => d.Id + " " + d.Severity + " " + d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)));
    }

    [Fact]
    public Task GG1003_MaxWhenTurnedOn() => AnalyzerVerify.WithKinkAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Hinge(double margin) =>
                {|GG1003:Math.Max(0, 1 - margin)|};
        }
        """);

    [Fact]
    public Task GG1003_AbsAndMinWhenTurnedOn() => AnalyzerVerify.WithKinkAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, double y) =>
                {|GG1003:Math.Abs(x)|} + {|GG1003:MathF.Min((float)x, 1f)|} + {|GG1003:Math.Min(x, y)|};
        }
        """);

    [Fact]
    public Task GG1003_NotReportedOnConstants() => AnalyzerVerify.WithKinkAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double c, int n) =>
                Math.Abs(c) * x + Math.Max(n, 3) * x + Math.Min(c, 2.0);
        }
        """);

    // ------------------------------------------------------------------ GG1004

    [Fact]
    public Task GG1004_IntParameterReportedOnTheAttribute() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [{|GG1004:NoDerivative|}] int n) =>
                n * x * x;
        }
        """);

    [Fact]
    public Task GG1004_OtherTypesAndSpellings() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(
                double x,
                [{|GG1004:NoDerivativeAttribute|}] bool flag,
                [{|GG1004:GradGen.NoDerivative|}] string name,
                [{|GG1004:NoDerivative|}] int[] counts,
                [{|GG1004:NoDerivative|}] List<double> values) =>
                flag ? x : 2 * x;
        }
        """);

    [Fact]
    public Task GG1004_AttributeAmongOthers() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        [AttributeUsage(AttributeTargets.Parameter)]
        public sealed class UnitsAttribute : Attribute
        {
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [Units, {|GG1004:NoDerivative|}] int n) =>
                n * x * x;
        }
        """);

    [Fact]
    public Task GG1004_NotReportedOnDifferentiableTypes() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(
                double x,
                [NoDerivative] double c,
                [NoDerivative] float f,
                [NoDerivative] double[] xs,
                [NoDerivative] ReadOnlySpan<float> ys,
                [NoDerivative] Span<double> zs) =>
                x * c * f * xs[0] * ys[0] * zs[0];
        }
        """);

    // ------------------------------------------------------------------ GG1005

    [Fact]
    public Task GG1005_AllParametersHeldConstant() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|GG1005:Mean|}([NoDerivative] double[] xs)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    sum += xs[i];
                }

                return sum / xs.Length;
            }
        }
        """);

    [Fact]
    public Task GG1005_NoParameters() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Constants
        {
            [Differentiable]
            public static double {|GG1005:Tau|}() => 2 * Math.PI;
        }
        """);

    [Fact]
    public Task GG1005_OnlyNonDifferentiableTypesWithARedundantAttribute() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|GG1005:Half|}([{|GG1004:NoDerivative|}] int n, bool flag) => flag ? n / 2.0 : n;
        }
        """);

    [Fact]
    public Task GG1005_NotReportedWhenTheMethodHasErrors() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            private int _calls;

            [Differentiable]
            public double Half(int n)
            {
                {|GG0009:_calls|} = n;
                return n / 2.0;
            }
        }
        """);

    // ------------------------------------------------------------------ GG1006

    [Fact]
    public Task GG1006_ADifferentiableArgumentToANoDerivativeParameter() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Head([NoDerivative] ReadOnlySpan<double> v, [NoDerivative] double shift, double scale) => scale * v[0] + shift;

            [Differentiable]
            public static double Loss(double[] a, double w, [NoDerivative] double c) =>
                Head({|GG1006:a|}, {|GG1006:w * 2|}, w) + Head(Gradients.WithoutDerivative(a), c, w);
        }
        """);

    [Fact]
    public Task GG1006_NotReportedWhenHeldConstantOnPurpose() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Head([NoDerivative] double shift, double scale) => scale + shift;

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double c) => Head(Gradients.WithoutDerivative(w * 2), w) + Head(c, w);
        }
        """);
}
