using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Tests;

/// <summary>
/// Vector-valued methods (a tuple of reals as the result): the generated members as users read them (a golden file), which
/// members exist (no FGradient or FValueAndGradient; a hidden pushforward without Forward = true), and the Jacobian's mode.
/// </summary>
public class VectorValuedTests
{
    private const string Representative = """
        using System;
        using GradGen;

        namespace Samples;

        public static partial class Camera
        {
            // Two residuals of a pinhole projection with a radial distortion, an early return behind the camera, a tuple local.
            [Differentiable]
            public static (double U, double V) Residual(double x, double y, double z, double focal, double k,
                [NoDerivative] double u, [NoDerivative] double v)
            {
                if (z <= 0)
                {
                    return (x, y);
                }

                var p = (x: x / z, y: y / z);
                double distortion = 1 + k * (p.x * p.x + p.y * p.y);
                return (focal * distortion * p.x - u, focal * distortion * p.y - v);
            }
        }
        """;

    private static GeneratorRun Run(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == DiagnosticSeverity.Error));
        return run;
    }

    [Fact]
    public void RepresentativeVectorValuedMethod() => Baseline.AssertMatches("VectorValued", Run(Representative).Single(".Residual."));

    [Fact]
    public void AVectorValuedMethodGetsAPullbackAJacobianAndAHiddenPushforwardOnly()
    {
        string source = Run(Representative).Single(".Residual.");
        Assert.DoesNotContain("ResidualGradient", source);
        Assert.DoesNotContain("ResidualValueAndGradient", source);
        Assert.Contains("public static (double U, double V) ResidualPullback(double x, double y, double z, double focal, double k, double u, double v, double seedU, double seedV, ref double xAdjoint, ref double yAdjoint, ref double zAdjoint, ref double focalAdjoint, ref double kAdjoint)", source);
        Assert.Contains("public static double[,] ResidualJacobian(double x, double y, double z, double focal, double k, double u, double v)", source);
        Assert.Contains("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]" + Environment.NewLine
            + "        internal static ((double U, double V) Value, (double U, double V) Tangent) ResidualPushforward(", source.Replace("\r\n", "\n").Replace("\n", Environment.NewLine));
        // 2 rows < 5 columns: one pullback per row, no pushforward call.
        Assert.Contains("ResidualPullback(x, y, z, focal, k, u, v, _row == 0 ? 1.0 : 0.0, _row == 1 ? 1.0 : 0.0, ref _d_x", source);
        Assert.DoesNotContain("ResidualPushforward(x", source);
    }

    [Fact]
    public void WithForwardTheJacobianPushesForwardWhenThereAreAtLeastAsManyRowsAsColumns()
    {
        string source = Run("""
            using System;
            using GradGen;

            public static partial class Polar
            {
                [Differentiable(Forward = true)]
                public static (double X, double Y) ToCartesian(double r, double theta) => (r * Math.Cos(theta), r * Math.Sin(theta));
            }
            """).Single(".ToCartesian.");
        Assert.Contains("public static ((double X, double Y) Value, (double X, double Y) Tangent) ToCartesianPushforward(double r, double theta, double rTangent, double thetaTangent)", source);
        Assert.Contains("var _tangent = ToCartesianPushforward(r, theta, _d_r, _d_theta).Tangent;", source);
        Assert.DoesNotContain("ToCartesianPullback(r, theta, _row", source);
    }

    [Fact]
    public void WithArraysTheModeIsChosenAtRunTime()
    {
        string source = Run("""
            using GradGen;

            public static partial class Sums
            {
                [Differentiable]
                public static (float, float) Both(float[] w, float s)
                {
                    float a = 0, b = 0;
                    for (int i = 0; i < w.Length; i++) { a += s * w[i]; b += w[i] * w[i]; }
                    return (a, b);
                }
            }
            """).Single(".Both.");
        Assert.Contains("public static (float Item1, float Item2) BothPullback(float[] w, float s, float seedItem1, float seedItem2, global::System.Span<float> wAdjoint, ref float sAdjoint)", source);
        Assert.Contains("if (2 < _columns)", source);
        Assert.Contains("float[,] _jacobian = new float[2, _columns];", source);
    }

    /// <summary>Every kind of array parameter, at C# 7.3 (holders are arrays) and at C# 12 (short ones on the stack): the
    /// generated members compile without a warning at both.</summary>
    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.CSharp12)]
    public void JacobianOfEveryParameterShapeCompilesAtEachLanguageVersion(LanguageVersion version)
    {
        const string source = """
            using System;
            using GradGen;

            public static partial class Shapes
            {
                [Differentiable]
                public static (double A, double B) All(double s, double[] w, float[] f, double[][] jagged, double[,] grid, ReadOnlySpan<double> span)
                {
                    double a = s * w[0] + f[0] + span[0];
                    double b = jagged[0][0] * grid[0, 0];
                    return (a, b);
                }
            }
            """;
        var parse = new CSharpParseOptions(version);
        Compilation input = GeneratorHarness.Compile(source).WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true))
            .RemoveAllSyntaxTrees().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, parse, path: "Input0.cs"));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new GradGen.Generator.GradGenGenerator().AsSourceGenerator() }, parseOptions: parse);
        driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out var diagnostics);
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        string generated = output.SyntaxTrees.Last().ToString();
        Assert.Contains("AllJacobian", generated);
        Assert.Equal(version >= LanguageVersion.CSharp8, generated.Contains("stackalloc double[w.Length]", StringComparison.Ordinal));
    }

    [Fact]
    public void ConstantElementsAndInstanceMethodsCompile()
    {
        GeneratorRun run = Run("""
            using GradGen;

            public partial class Model
            {
                private readonly double _scale = 2;

                [Differentiable(Forward = true)]
                public (double A, double B, double C) Constant(double x, double[] w) => (x * _scale, 1.0, w.Length);
            }
            """);
        string source = run.Single(".Constant.");
        Assert.Contains("public double[,] ConstantJacobian(double x, double[] w)", source);
        Assert.Contains("public ((double A, double B, double C) Value, (double A, double B, double C) Tangent) ConstantPushforward(", source);
    }

    [Fact]
    public void CalleesGetTheHiddenPushforwardTheJacobianNeeds()
    {
        GeneratorRun run = Run("""
            using System;
            using GradGen;

            public static partial class Chain
            {
                private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

                [Differentiable]
                public static double Square(double x) => x * x;

                // 3 rows, 2 columns: forward mode, through the callees' pushforwards.
                [Differentiable]
                public static (double A, double B, double C) Map(double x, double y) => (Sigmoid(x * y), Square(x) + y, x - y);
            }
            """);
        Assert.Contains(run.Sources, s => s.Key.Contains(".Sigmoid.", StringComparison.Ordinal) && s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal));
        Assert.Contains(run.Sources, s => s.Key.Contains(".Square.", StringComparison.Ordinal) && s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal));
        Type chain = run.Load().GetType("Chain")!;
        var jacobian = (double[,])chain.GetMethod("MapJacobian")!.Invoke(null, [0.5, -1.5])!;
        double s = 1 / (1 + Math.Exp(0.75));
        double[,] expected = { { s * (1 - s) * -1.5, s * (1 - s) * 0.5 }, { 1.0, 1 }, { 1, -1 } };
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 2; j++) Assert.Equal(expected[i, j], jacobian[i, j], 1e-14);
        }
    }
}
