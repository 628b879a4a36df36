using GradGen.CodeFixes;
using GradGen.Generator;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradGen.Tests.CodeFixes;

/// <summary>GG0006: "Mark 'F' [Differentiable]", offered when the callee is the user's own method.</summary>
public class MarkDifferentiableCodeFixTests
{
    [Fact]
    public Task MarksACalleeInTheSameType() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w) => {|GG0006:Softplus(w)|} + w * w;
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w) => Softplus(w) + w * w;
        }
        """);

    [Fact]
    public Task UsesTheQualifiedNameWithoutAUsing() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>("""
        using System;

        public static partial class Losses
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [GradGen.Differentiable]
            public static double Loss(double w) => {|GG0006:Softplus(w)|} + w * w;
        }
        """, """
        using System;

        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [GradGen.Differentiable]
            public static double Loss(double w) => Softplus(w) + w * w;
        }
        """);

    [Fact]
    public Task KeepsTheDocumentationCommentAboveTheNewAttribute() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            /// <summary>A smooth ReLU.</summary>
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w) => {|GG0006:Softplus(w)|} + w * w;
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            /// <summary>A smooth ReLU.</summary>
            [Differentiable]
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w) => Softplus(w) + w * w;
        }
        """);

    [Fact]
    public Task AddsTheAttributeBeforeExistingAttributes() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>("""
        using System;
        using System.Diagnostics.CodeAnalysis;
        using GradGen;

        public partial class Model
        {
            [ExcludeFromCodeCoverage]
            private double Transform(double v) => 2 * v;

            [Differentiable]
            public double Loss(double w) => {|GG0006:Transform(w)|} * w;
        }
        """, """
        using System;
        using System.Diagnostics.CodeAnalysis;
        using GradGen;

        public partial class Model
        {
            [Differentiable]
            [ExcludeFromCodeCoverage]
            private double Transform(double v) => 2 * v;

            [Differentiable]
            public double Loss(double w) => Transform(w) * w;
        }
        """);

    [Fact]
    public Task CalleeWithoutModifiers() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>("""
        using GradGen;

        partial class Model
        {
            double Transform(double v) => 2 * v;

            [Differentiable]
            public double Loss(double w) => {|GG0006:Transform(w)|} * w;
        }
        """, """
        using GradGen;

        partial class Model
        {
            [Differentiable]
            double Transform(double v) => 2 * v;

            [Differentiable]
            public double Loss(double w) => Transform(w) * w;
        }
        """);

    [Fact]
    public Task CalleeInAnotherDocument() => CodeFixVerify.RunAsync<MarkDifferentiableCodeFix>(
        new[]
        {
            ("Losses.cs", """
                using GradGen;

                public static partial class Losses
                {
                    [Differentiable]
                    public static double Loss(double w) => {|GG0006:Activations.Softplus(w)|} + w * w;
                }
                """),
            ("Activations.cs", """
                using System;
                using GradGen;

                public static partial class Activations
                {
                    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
                }
                """),
        },
        new[]
        {
            ("Losses.cs", """
                using GradGen;

                public static partial class Losses
                {
                    [Differentiable]
                    public static double Loss(double w) => Activations.Softplus(w) + w * w;
                }
                """),
            ("Activations.cs", """
                using System;
                using GradGen;

                public static partial class Activations
                {
                    [Differentiable]
                    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
                }
                """),
        });

    [Fact]
    public Task CalleeInAnotherDocumentWithoutAUsing() => CodeFixVerify.RunAsync<MarkDifferentiableCodeFix>(
        new[]
        {
            ("Losses.cs", """
                using GradGen;

                public static partial class Losses
                {
                    [Differentiable]
                    public static double Loss(double w) => {|GG0006:Activations.Softplus(w)|} + w * w;
                }
                """),
            ("Activations.cs", """
                using System;

                public static partial class Activations
                {
                    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
                }
                """),
        },
        new[]
        {
            ("Losses.cs", """
                using GradGen;

                public static partial class Losses
                {
                    [Differentiable]
                    public static double Loss(double w) => Activations.Softplus(w) + w * w;
                }
                """),
            ("Activations.cs", """
                using System;

                public static partial class Activations
                {
                    [GradGen.Differentiable]
                    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
                }
                """),
        });

    [Fact]
    public Task CalleeInATypeThatIsNotPartialThenReportsGG0001AndGG0015() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>("""
        using System;
        using GradGen;

        public static class Helpers
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w) => {|GG0006:Helpers.Softplus(w)|} + w * w;
        }
        """, """
        using System;
        using GradGen;

        public static class {|GG0001:Helpers|}
        {
            [Differentiable]
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w) => {|GG0015:Helpers.Softplus(w)|} + w * w;
        }
        """);

    [Fact]
    public Task CalleeThatCannotBeDifferentiatedThenReportsItsErrors() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>("""
        using System;
        using GradGen;

        public static partial class Activations
        {
            public static double Apply(double x, int kind) => kind switch { 0 => Math.Tanh(x), _ => x };

            [Differentiable]
            public static double Loss(double x) => {|GG0006:Apply(x, 0)|} * 3;
        }
        """, """
        using System;
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Apply(double x, int kind) => {|GG0012:kind switch { 0 => Math.Tanh(x), _ => x }|};

            [Differentiable]
            public static double Loss(double x) => {|GG0015:Apply(x, 0)|} * 3;
        }
        """);

    [Fact]
    public Task NotOfferedForAMethodOutsideTheSource()
    {
        const string source = """
            using System;
            using GradGen;

            public static partial class Losses
            {
                [Differentiable]
                public static double Nudged(double x) => 2 * Math.BitIncrement(x);
            }
            """;
        CSharpCodeFixTest<GradGenAnalyzer, MarkDifferentiableCodeFix, DefaultVerifier> test = CodeFixVerify.Create<MarkDifferentiableCodeFix>();
        test.TestState.Sources.Add(source);
        test.TestState.ExpectedDiagnostics.Add(new DiagnosticResult("GG0006", DiagnosticSeverity.Error).WithSpan(7, 50, 7, 70).WithArguments("Math.BitIncrement"));
        test.FixedState.Sources.Add(source);
        test.FixedState.ExpectedDiagnostics.Add(new DiagnosticResult("GG0006", DiagnosticSeverity.Error).WithSpan(7, 50, 7, 70).WithArguments("Math.BitIncrement"));
        test.NumberOfIncrementalIterations = 0;
        test.NumberOfFixAllIterations = 0;
        return test.RunAsync();
    }

    private static string Crlf(string text) => text.Replace("\r\n", "\n").Replace("\n", "\r\n");

    [Fact]
    public Task KeepsWindowsLineEndings() => Verify.CodeFixAsync<MarkDifferentiableCodeFix>(Crlf("""
        using GradGen;

        public partial class Model
        {
            public double Transform(double v) => 2 * v;

            double Shift(double v) => v + 1;

            [Differentiable]
            public double Loss(double w) => {|GG0006:Transform(w)|} * {|GG0006:Shift(w)|};
        }
        """), Crlf("""
        using GradGen;

        public partial class Model
        {
            [Differentiable]
            public double Transform(double v) => 2 * v;

            [Differentiable]
            double Shift(double v) => v + 1;

            [Differentiable]
            public double Loss(double w) => Transform(w) * Shift(w);
        }
        """));

    [Fact]
    public Task MarkingTheCalleeOfSeveralCallsFixesThemAll() => CodeFixVerify.RunAsync<MarkDifferentiableCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w, double b) => {|GG0006:Softplus(w)|} + {|GG0006:Softplus(b)|};
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w, double b) => Softplus(w) + Softplus(b);
        }
        """, incrementalIterations: 1);
}
