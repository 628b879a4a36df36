using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>GG0001: every containing type of a [Differentiable] method must be partial; each one that is
/// not is reported on its own identifier.</summary>
public class ContainingTypeTests
{
    [Fact]
    public Task TopLevelClassIsReportedOnItsName() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class {|GG0001:Losses|}
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """);

    [Fact]
    public Task TypeInANamespaceWithoutModifiers() => Verify.AnalyzerAsync("""
        using GradGen;

        namespace Samples
        {
            class {|GG0001:Losses|}
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
        }
        """);

    [Fact]
    public Task StructAndRecordAreReported() => Verify.AnalyzerAsync("""
        using GradGen;

        public struct {|GG0001:Point|}
        {
            public double Scale;

            [Differentiable]
            public double Norm(double x) => {|GG1008:Scale|} * x * x;
        }

        public record {|GG0001:Model|}(double Bias)
        {
            [Differentiable]
            public double Loss(double w) => (w - {|GG1008:Bias|}) * (w - Bias);
        }
        """);

    [Fact]
    public Task OuterTypeThatIsNotPartialIsReported() => Verify.AnalyzerAsync("""
        using GradGen;

        public class {|GG0001:Outer|}
        {
            public static partial class Losses
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
        }
        """);

    [Fact]
    public Task NestedNonPartialTypeInsideAPartialOneIsReported() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Outer
        {
            public static class {|GG0001:Losses|}
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
        }
        """);

    [Fact]
    public Task EveryNestingLevelThatIsNotPartialIsReported() => Verify.AnalyzerAsync("""
        using GradGen;

        namespace Samples;

        public class {|GG0001:Level1|}
        {
            public partial class Level2
            {
                internal class {|GG0001:Level3|}
                {
                    public static class {|GG0001:Losses|}
                    {
                        [Differentiable]
                        public static double Square(double x) => x * x;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task SeveralMethodsInOneTypeReportTheTypeOnce() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class {|GG0001:Losses|}
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double Cube(double x) => x * x * x;
        }
        """);

    [Fact]
    public Task TypeWithoutDifferentiableMethodsIsNotReported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class Helpers
        {
            public static double Square(double x) => x * x;
        }

        public class Outer
        {
            public static class Inner
            {
                public static double Cube(double x) => x * x * x;
            }
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """);

    [Fact]
    public Task SiblingTypeIsNotReported() => Verify.AnalyzerAsync("""
        using GradGen;

        public class {|GG0001:Outer|}
        {
            public class Sibling
            {
                public double Value;
            }

            public partial class Losses
            {
                [Differentiable]
                public double Square(double x) => x * x;
            }
        }
        """);
}
