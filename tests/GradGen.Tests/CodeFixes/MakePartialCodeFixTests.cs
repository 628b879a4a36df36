using GradGen.CodeFixes;
using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.CodeFixes;

/// <summary>GG0001: "Make the containing types partial" adds partial to the flagged type and every type
/// that contains it, as the last modifier.</summary>
public class MakePartialCodeFixTests
{
    [Fact]
    public Task AddsPartialAfterTheOtherModifiers() => Verify.CodeFixAsync<MakePartialCodeFix>("""
        using GradGen;

        internal sealed class {|GG0001:Model|}
        {
            [Differentiable]
            public double Loss(double w) => w * w;
        }
        """, """
        using GradGen;

        internal sealed partial class Model
        {
            [Differentiable]
            public double Loss(double w) => w * w;
        }
        """);

    [Fact]
    public Task TypeWithoutModifiersKeepsItsDocumentationComment() => Verify.CodeFixAsync<MakePartialCodeFix>("""
        using GradGen;

        namespace Samples
        {
            /// <summary>Losses.</summary>
            class {|GG0001:Losses|}
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
        }
        """, """
        using GradGen;

        namespace Samples
        {
            /// <summary>Losses.</summary>
            partial class Losses
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
        }
        """);

    [Fact]
    public Task TypeWithAnAttributeAndNoModifiers() => Verify.CodeFixAsync<MakePartialCodeFix>("""
        using System;
        using GradGen;

        [Serializable]
        class {|GG0001:Losses|}
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """, """
        using System;
        using GradGen;

        [Serializable]
        partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """);

    [Fact]
    public Task StructAndRecord() => Verify.CodeFixAsync<MakePartialCodeFix>("""
        using GradGen;

        public readonly struct {|GG0001:Point|}
        {
            public readonly double Scale;

            [Differentiable]
            public double Norm(double x) => {|GG1008:Scale|} * x * x;
        }

        public record {|GG0001:Model|}(double Bias)
        {
            [Differentiable]
            public double Loss(double w) => (w - {|GG1008:Bias|}) * (w - Bias);
        }
        """, """
        using GradGen;

        public readonly partial struct Point
        {
            public readonly double Scale;

            [Differentiable]
            public double Norm(double x) => {|GG1008:Scale|} * x * x;
        }

        public partial record Model(double Bias)
        {
            [Differentiable]
            public double Loss(double w) => (w - {|GG1008:Bias|}) * (w - Bias);
        }
        """);

    [Fact]
    public Task NestedTypesAreAllMadePartialInOneFix() => Verify.CodeFixAsync<MakePartialCodeFix>("""
        using GradGen;

        public class {|GG0001:Outer|}
        {
            public partial class Middle
            {
                public static class {|GG0001:Losses|}
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
        }
        """, """
        using GradGen;

        public partial class Outer
        {
            public partial class Middle
            {
                public static partial class Losses
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;
                }
            }
        }
        """, iterations: 1);

    [Fact]
    public Task FixingTheOuterTypeAlone() => CodeFixVerify.RunAsync<MakePartialCodeFix>("""
        using GradGen;

        public class {|GG0001:Outer|}
        {
            public partial class Losses
            {
                [Differentiable]
                public double Square(double x) => x * x;
            }
        }
        """, """
        using GradGen;

        public partial class Outer
        {
            public partial class Losses
            {
                [Differentiable]
                public double Square(double x) => x * x;
            }
        }
        """);

    [Fact]
    public Task FixAllMakesEveryTypeInTheDocumentPartial() => Verify.CodeFixAsync<MakePartialCodeFix>("""
        using GradGen;

        public static class {|GG0001:Losses|}
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }

        public class {|GG0001:Model|}
        {
            [Differentiable]
            public double Loss(double w) => w * w;
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }

        public partial class Model
        {
            [Differentiable]
            public double Loss(double w) => w * w;
        }
        """);

    [Fact]
    public Task FixAllWithTwoNestedTypesSharingAnOuterType() => CodeFixVerify.RunAsync<MakePartialCodeFix>("""
        using GradGen;

        public class {|GG0001:Outer|}
        {
            public class {|GG0001:First|}
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }

            public class {|GG0001:Second|}
            {
                [Differentiable]
                public static double Cube(double x) => x * x * x;
            }
        }
        """, """
        using GradGen;

        public partial class Outer
        {
            public partial class First
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }

            public partial class Second
            {
                [Differentiable]
                public static double Cube(double x) => x * x * x;
            }
        }
        """, incrementalIterations: -3, fixAllIterations: 1);
}
