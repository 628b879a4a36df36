using GradGen.Generator;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradGen.Tests.Analyzers;

/// <summary>Calls: GG0006 (no known derivative), GG0010 (recursion), GG0015 (callee that cannot be
/// differentiated). Each is reported on the call expression.</summary>
public class CallTests
{
    // ------------------------------------------------------------------ GG0006

    [Fact]
    public Task GG0006_LibraryMethodSaysWhereItIsAndWhatToDo() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w) => {|#0:Math.BitIncrement(w)|} + w * w;
        }
        """,
        Verify.Diagnostic("GG0006").WithLocation(0).WithArguments("Math.BitIncrement",
            "it is compiled in 'System.Runtime', where GradGen cannot see its code. Give it a derivative with a [CustomPullback] method (the IDE writes its skeleton), write the computation with functions GradGen knows (Math, MathF, your own methods), or wrap the call in Gradients.WithoutDerivative(...) to hold its result constant."));

    [Fact]
    public Task GG0006_MathFunctionWithoutAKnownDerivative() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Nudged(double x) => 2 * {|GG0006:Math.BitIncrement(x)|};
        }
        """);

    [Fact]
    public Task GG0006_GenericHelperSaysWhy() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            private static T Twice<T>(T v) where T : INumber<T> => v + v;

            [Differentiable]
            public static double Loss(double w) => {|#0:Twice(w)|} * w;
        }
        """,
        Verify.Diagnostic("GG0006").WithLocation(0).WithArguments("Losses.Twice",
            "GradGen differentiates the methods of your project that a [Differentiable] method calls, but not this one: it is generic and not marked [Differentiable]; mark it [Differentiable] (a generic method over T : IFloatingPointIeee754<T> gets generic members) or write it for double or float. Otherwise wrap the call in Gradients.WithoutDerivative(...) to hold its result constant."));

    [Fact]
    public Task GG0006_VirtualHelper() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            protected virtual double Transform(double v) => 2 * v;

            [Differentiable]
            public double Loss(double w) => {|GG0006:Transform(w)|} * w;
        }
        """);

    [Fact]
    public Task GG0006_HelperReturningAnArray() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double[] Pair(double v) => new[] { v, v * v };

            [Differentiable]
            public static double Loss(double w) => {|GG0006:Pair(w)|}[1];
        }
        """);

    // ------------------------------------------------------------------ helpers without [Differentiable]

    [Fact]
    public Task UserMethodWithoutAttributeIsDifferentiated() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w) => Softplus(w) + w * w;
        }
        """);

    [Fact]
    public Task HelpersOfEveryKindAreDifferentiated() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            public double Scale = 2;

            private double Transform(double v) => Scale * v;

            private static double Total(double[] v)
            {
                double s = 0;
                foreach (double e in v) s += e;
                return s;
            }

            private static double F(double v) => v * 3;

            private static double G(double v) => v + 1;

            [Differentiable]
            public double Loss(double w, double b, double[] u)
            {
                double t = w * 2;
                return Transform(t) * w + Total(u) + F(w) + G(b) + F(G(w));
            }
        }
        """);

    [Fact]
    public Task HelperWithAnErrorReportsItWhereItStandsAndAtTheCall() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Store(double w, double[] xs)
            {
                {|GG0009:xs[0]|} = w;
                return w * xs[1];
            }

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double[] xs) => {|#0:Store(w, xs)|} * 2;

            [Differentiable]
            public static double Other(double w, [NoDerivative] double[] xs) => {|#1:Store(w * w, xs)|};
        }
        """,
        Verify.Diagnostic("GG0015").WithLocation(0).WithArguments("Store",
            "GradGen cannot differentiate a write to an element of the parameter 'xs', which belongs to the caller; a differentiable method may only assign its own locals and parameters. Copy it into a local buffer (stackalloc or new) and change that (line 7)"),
        Verify.Diagnostic("GG0015").WithLocation(1).WithArguments("Store",
            "GradGen cannot differentiate a write to an element of the parameter 'xs', which belongs to the caller; a differentiable method may only assign its own locals and parameters. Copy it into a local buffer (stackalloc or new) and change that (line 7)"));

    [Fact]
    public Task HelperWithAnErrorIsAnOrdinaryCallWhereItsArgumentsAreConstants() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Store(double w, double[] xs)
            {
                xs[0] = w;
                return w * xs[1];
            }

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double c, [NoDerivative] double[] xs) => Store(c, xs) * w;
        }
        """);

    [Fact]
    public Task HelperWithAnErrorHeldConstantReportsNothing() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Store(double w, double[] xs)
            {
                xs[0] = w;
                return w * xs[1];
            }

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double[] xs) => Gradients.WithoutDerivative(Store(w, xs)) * w + w * w;
        }
        """);

    [Fact]
    public Task HelperInATypeThatIsNotPartialSaysSo() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class {|GG0001:MathUtil|}
        {
            public static double Square(double x) => x * x;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x) => {|GG0015:MathUtil.Square(x)|} + x;
        }
        """);

    [Fact]
    public Task HelperInATypeThatIsNotPartialAndHoldsADifferentiableMethodGetsGG0001Once() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class {|GG0001:MathUtil|}
        {
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double Cube(double x) => x * x * x;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x) => {|GG0015:MathUtil.Square(x)|} + x;
        }
        """);

    [Fact]
    public Task HelperInsideAConditionalWithVaryingArgumentsIsGG0012() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Square(double x) => x * x;

            [Differentiable]
            public static double Loss(double x, [NoDerivative] double c, bool flag) =>
                (flag ? {|GG0012:Square(x)|} : x) + (flag ? Square(c) : 1) * x;
        }
        """);

    [Fact]
    public Task RecursiveHelperIsDifferentiated() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Finance
        {
            private static double NormCdf(double x)
            {
                if (x < 0) return 1 - NormCdf(-x);
                return 1 - 0.5 * Math.Exp(-x * x / 2);
            }

            [Differentiable]
            public static double Price(double s) => s * NormCdf(s - 1);
        }
        """);

    [Fact]
    public Task GG0006_NotReportedWhenTheArgumentsAreConstants() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Weight(int k) => 1.0 / (k + 1);

            private static double Scale(double c) => c * 10;

            [Differentiable]
            public static double Loss(double w, int k, [NoDerivative] double c) =>
                Weight(k) * w + Weight(3) * Scale(c) + Scale(2.5) * w;
        }
        """);

    [Fact]
    public Task GG0006_NotReportedInsideWithoutDerivative() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable]
            public static double Loss(double w) => Gradients.WithoutDerivative(Softplus(w)) * w;
        }
        """);

    [Fact]
    public Task GG0006_NotReportedWhenTheResultDoesNotReachTheReturnValue() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Helper(double v) => v * 3;

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double c)
            {
                double unused = Helper(c);
                return w * w + unused;
            }
        }
        """);

    // ------------------------------------------------------------------ GG0010

    [Fact]
    public Task DirectRecursionIsDifferentiated() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Powers
        {
            [Differentiable]
            public static double Power(double x, int n)
            {
                if (n == 0) return 1;
                double rest = Power(x, n - 1);
                return x * rest;
            }

            [Differentiable]
            public static double Cube(double x) => Power(x, 3);
        }
        """);

    [Fact]
    public Task DirectRecursionInsideAConditionalIsGG0012() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Powers
        {
            [Differentiable]
            public static double Power(double x, int n) =>
                n == 0 ? 1 : x * {|GG0012:Power(x, n - 1)|};
        }
        """);

    [Fact]
    public Task GG0010_MutualRecursionIsReportedInBothMethods() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Chain
        {
            [Differentiable]
            public static double A(double x, int n)
            {
                if (n == 0) return x;
                return 2 * {|GG0010:B(x, n - 1)|};
            }

            [Differentiable]
            public static double B(double x, int n)
            {
                if (n == 0) return x * x;
                return {|GG0010:A(x, n - 1)|} + x;
            }
        }
        """);

    [Fact]
    public Task GG0010_CycleThroughThreeMethods() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Chain
        {
            [Differentiable]
            public static double A(double x) => {|GG0010:B(x)|} * 2;

            [Differentiable]
            public static double B(double x) => {|GG0010:C(x)|} + 1;

            [Differentiable]
            public static double C(double x) => {|GG0010:A(x)|} * x;
        }
        """);

    [Fact]
    public Task GG0010_CallingAMutuallyRecursiveMethodFromOutsideTheCycleIsGG0015() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Chain
        {
            [Differentiable]
            public static double A(double x, int n)
            {
                if (n == 0) return x;
                return 2 * {|GG0010:B(x, n - 1)|};
            }

            [Differentiable]
            public static double B(double x, int n)
            {
                if (n == 0) return x * x;
                return {|GG0010:A(x, n - 1)|} + x;
            }

            [Differentiable]
            public static double Outside(double x) => {|GG0015:A(x, 3)|};
        }
        """);

    [Fact]
    public Task GG0015_CalleeWithErrors() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Apply(double x, int kind) =>
                {|GG0012:new[] { Math.Tanh(x), x }|}[kind];

            [Differentiable]
            public static double Loss(double x) => {|GG0015:Apply(x, 0)|} * 3;
        }
        """);

    [Fact]
    public Task GG0015_CalleeInATypeThatIsNotPartial() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class {|GG0001:Helpers|}
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x) => {|GG0015:Helpers.Square(x)|} + x;
        }
        """);

    [Fact]
    public Task GG0015_AbstractCallee() => Verify.AnalyzerAsync("""
        using GradGen;

        public abstract partial class Model
        {
            [Differentiable]
            public abstract double {|GG0003:Inner|}(double w);

            [Differentiable]
            public double Loss(double w) => {|GG0015:Inner(w)|} * 2;
        }
        """);

    [Fact]
    public Task GG0015_CalleeWithAnErrorInItsBody() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, [NoDerivative] double[] xs)
            {
                {|GG0009:xs[0]|} = w;
                return w * xs[1];
            }

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double[] xs)
            {
                double s = {|GG0015:Scale(w, xs)|};
                return s * s;
            }
        }
        """);

    [Fact]
    public Task GG0015_CalleeInAReferencedAssemblyWithoutGeneratedPullback()
    {
        var test = new CSharpAnalyzerTest<GradGenAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        MetadataReference runtime = MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location);
        test.TestState.Sources.Add("""
            using GradGen;

            public static partial class Losses
            {
                [Differentiable]
                public static double Loss(double x) => {|GG0015:Library.Helpers.Square(x)|} + x;
            }
            """);
        test.TestState.AdditionalReferences.Add(runtime);
        var library = new ProjectState("Library", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Library/Test", "cs")
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        test.TestState.AdditionalProjects.Add("Library", library);
        library.Sources.Add("""
            using GradGen;

            namespace Library
            {
                public static partial class Helpers
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
            """);
        library.AdditionalReferences.Add(runtime);
        test.TestState.AdditionalProjectReferences.Add("Library");
        return test.RunAsync();
    }

    [Fact]
    public Task GG0015_NotReportedForACalleeWithoutDifferentiableParameters() => Verify.AnalyzerAsync("""
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

            [Differentiable]
            public static double Loss(double w, [NoDerivative] double[] xs) => (w - Mean(xs)) * (w - Mean(xs));
        }
        """);
}
