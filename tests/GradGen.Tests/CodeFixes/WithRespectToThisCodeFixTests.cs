using GradGen.CodeFixes;
using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.CodeFixes;

/// <summary>GG1008 on a member of <c>this</c>: "Differentiate with respect to this instance" adds WithRespectToThis = true
/// to the method's attribute; reads of statics and of other parameters' members get no such fix.</summary>
public class WithRespectToThisCodeFixTests
{
    [Fact]
    public Task AddsTheFlagToABareAttribute() => Verify.CodeFixAsync<WithRespectToThisCodeFix>("""
        using GradGen;

        public partial record struct Line(double W, double B)
        {
            [Differentiable]
            public double Predict(double x) => {|GG1008:W|} * x + {|GG1008:this.B|};
        }
        """, """
        using GradGen;

        public partial record struct Line(double W, double B)
        {
            [Differentiable(WithRespectToThis = true)]
            public double Predict(double x) => W * x + this.B;
        }
        """);

    [Fact]
    public Task KeepsTheAttributesOtherArguments() => Verify.CodeFixAsync<WithRespectToThisCodeFix>("""
        using GradGen;

        public partial class Net
        {
            public double[] Weights = new double[2];

            [Differentiable(Forward = true)]
            public double Output(double x) => {|GG1008:Weights|}[0] * x + Weights[1];
        }
        """, """
        using GradGen;

        public partial class Net
        {
            public double[] Weights = new double[2];

            [Differentiable(Forward = true, WithRespectToThis = true)]
            public double Output(double x) => Weights[0] * x + Weights[1];
        }
        """);

    [Fact]
    public Task AStaticMemberKeepsItsWarning() => RunKeepingMarkup("""
        using GradGen;

        public partial struct Vec
        {
            public static double Scale = 2;
            public double X;

            [Differentiable]
            public double Output(double x) => {|GG1008:Scale|} * x + {|GG1008:X|};
        }
        """, """
        using GradGen;

        public partial struct Vec
        {
            public static double Scale = 2;
            public double X;

            [Differentiable(WithRespectToThis = true)]
            public double Output(double x) => {|GG1008:Scale|} * x + X;
        }
        """);

    /// <summary>A fix whose fixed source still has a GG1008 of its own (a static), asserted by its markup.</summary>
    private static Task RunKeepingMarkup(string source, string fixedSource)
    {
        var test = CodeFixVerify.Create<WithRespectToThisCodeFix>();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }
}
