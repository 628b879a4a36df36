using GradGen.CodeFixes;
using GradGen.Tests.Infrastructure;

namespace GradGen.Tests;

/// <summary>The analyzer and code-fix test pattern (the full set is in Analyzers/ and CodeFixes/).</summary>
public class AnalyzerSmokeTests
{
    [Fact]
    public Task NonPartialTypeIsFlaggedOnItsName() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class {|GG0001:Losses|}
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """);

    [Fact]
    public Task MakePartialFixesIt() => Verify.CodeFixAsync<MakePartialCodeFix>("""
        using GradGen;

        public static class {|GG0001:Losses|}
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;
        }
        """);
}
