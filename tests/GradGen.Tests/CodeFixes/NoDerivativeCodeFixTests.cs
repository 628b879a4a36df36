using GradGen.CodeFixes;
using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.CodeFixes;

/// <summary>GG0005: "Mark the parameter [NoDerivative]"; GG1004: "Remove [NoDerivative]".</summary>
public class NoDerivativeCodeFixTests
{
    // ------------------------------------------------------------------ AddNoDerivativeCodeFix (GG0005)

    [Fact]
    public Task AddUsesTheShortNameWithAUsing() => Verify.CodeFixAsync<AddNoDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, {|GG0005:ref double x|}) => w * x;
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, [NoDerivative] ref double x) => w * x;
        }
        """);

    [Fact]
    public Task AddUsesTheQualifiedNameWithoutAUsing() => Verify.CodeFixAsync<AddNoDerivativeCodeFix>("""
        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Scale(double w, {|GG0005:ref double x|}) => w * x;
        }
        """, """
        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Scale(double w, [GradGen.NoDerivative] ref double x) => w * x;
        }
        """);

    [Fact]
    public Task AddOnAParameterOnItsOwnLine() => Verify.CodeFixAsync<AddNoDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(
                double w,
                {|GG0005:ref double x|})
            {
                return w * x;
            }
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(
                double w,
                [NoDerivative] ref double x)
            {
                return w * x;
            }
        }
        """);

    [Fact]
    public Task AddNextToAnExistingAttribute() => Verify.CodeFixAsync<AddNoDerivativeCodeFix>("""
        using System;
        using GradGen;

        [AttributeUsage(AttributeTargets.Parameter)]
        public sealed class UnitsAttribute : Attribute
        {
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, {|GG0005:[Units] ref double x|}) => w * x;
        }
        """, """
        using System;
        using GradGen;

        [AttributeUsage(AttributeTargets.Parameter)]
        public sealed class UnitsAttribute : Attribute
        {
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, [Units] [NoDerivative] ref double x) => w * x;
        }
        """);

    [Fact]
    public Task AddOnAnOutParameterLeavesTheWriteReported() => Verify.CodeFixAsync<AddNoDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Split(double w, {|GG0005:out double half|})
            {
                {|GG0009:half|} = w / 2;
                return w * w;
            }
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Split(double w, [NoDerivative] out double half)
            {
                {|GG0009:half|} = w / 2;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task AddFixAllMarksEveryParameter() => Verify.CodeFixAsync<AddNoDerivativeCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, {|GG0005:ref double x|}, {|GG0005:ref float y|}) => w * x * y;

            [Differentiable]
            public static double Sum(double w, {|GG0005:ref double[] xs|}) => w * xs[0];
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, [NoDerivative] ref double x, [NoDerivative] ref float y) => w * x * y;

            [Differentiable]
            public static double Sum(double w, [NoDerivative] ref double[] xs) => w * xs[0];
        }
        """);

    // ------------------------------------------------------------------ RemoveNoDerivativeCodeFix (GG1004)

    [Fact]
    public Task RemoveTheOnlyAttribute() => Verify.CodeFixAsync<RemoveNoDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [{|GG1004:NoDerivative|}] int n) =>
                n * x * x;
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, int n) =>
                n * x * x;
        }
        """);

    [Fact]
    public Task RemoveTheOnlyAttributeOfAParameterOnItsOwnLine() => Verify.CodeFixAsync<RemoveNoDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(
                double x,
                [{|GG1004:GradGen.NoDerivative|}] int n) =>
                n * x * x;
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(
                double x,
                int n) =>
                n * x * x;
        }
        """);

    private const string UnitsAttribute = """
        [System.AttributeUsage(System.AttributeTargets.Parameter)]
        public sealed class UnitsAttribute : System.Attribute
        {
        }
        """;

    [Fact]
    public Task RemoveTheFirstOfSeveralAttributesInOneList() => Verify.CodeFixAsync<RemoveNoDerivativeCodeFix>($$"""
        using GradGen;

        {{UnitsAttribute}}

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [{|GG1004:NoDerivative|}, Units] int n) =>
                n * x * x;
        }
        """, $$"""
        using GradGen;

        {{UnitsAttribute}}

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [Units] int n) =>
                n * x * x;
        }
        """);

    [Fact]
    public Task RemoveTheLastOfSeveralAttributesInOneList() => Verify.CodeFixAsync<RemoveNoDerivativeCodeFix>($$"""
        using GradGen;

        {{UnitsAttribute}}

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [Units, {|GG1004:NoDerivative|}] int n) =>
                n * x * x;
        }
        """, $$"""
        using GradGen;

        {{UnitsAttribute}}

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [Units] int n) =>
                n * x * x;
        }
        """);

    [Fact]
    public Task RemoveOneOfSeveralAttributeLists() => Verify.CodeFixAsync<RemoveNoDerivativeCodeFix>($$"""
        using GradGen;

        {{UnitsAttribute}}

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [Units] [{|GG1004:NoDerivative|}] int n) =>
                n * x * x;
        }
        """, $$"""
        using GradGen;

        {{UnitsAttribute}}

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [Units] int n) =>
                n * x * x;
        }
        """);

    [Fact]
    public Task RemoveDoesNotReformatTheRestOfTheDocument() => Verify.CodeFixAsync<RemoveNoDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [{|GG1004:NoDerivative|}] int n) =>
                n*x*x;

            public static int   Twice(int k)  =>  2*k;
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, int n) =>
                n*x*x;

            public static int   Twice(int k)  =>  2*k;
        }
        """);

    [Fact]
    public Task RemoveFixAll() => Verify.CodeFixAsync<RemoveNoDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, [{|GG1004:NoDerivative|}] int n, [{|GG1004:NoDerivative|}] bool flag) =>
                flag ? n * x : x;
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled(double x, int n, bool flag) =>
                flag ? n * x : x;
        }
        """);
}
