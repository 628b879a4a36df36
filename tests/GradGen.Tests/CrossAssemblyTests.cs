using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Tests;

/// <summary>
/// Calls across assemblies: a <c>[Differentiable]</c> method calling one of another project built with GradGen finds the
/// callee's generated pullback and pushforward through <c>[DerivativeOf]</c> on them and the callee's parameter types, so
/// overloads each get their own, and a hand-written method that merely has the generated name is never taken for one.
/// </summary>
public class CrossAssemblyTests
{
    /// <summary>A project built with GradGen: two overloads of Softplus, one with a pushforward.</summary>
    private const string Library = """
        using System;
        using GradGen;

        public static partial class Activations
        {
            [Differentiable(Forward = true)]
            public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

            [Differentiable(Forward = true)]
            public static double Softplus(double x, double beta) => Math.Log(1 + Math.Exp(beta * x)) / beta;

            [Differentiable(Forward = true)]
            public static double Dot(double[] w, [NoDerivative] double[] x)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += w[i] * x[i];
                return s;
            }
        }

        public static class Impostor
        {
            // Not differentiated by GradGen: a method that only carries the name GradGen would generate must not be
            // called as Square's pullback.
            public static double Square(double x) => x * x;

            public static double SquarePullback(double x, double seed, ref double xAdjoint)
            {
                xAdjoint += 1000 * seed;
                return x * x;
            }
        }
        """;

    private const string User = """
        using System;
        using GradGen;

        public static partial class Model
        {
            [Differentiable(Forward = true)]
            public static double Loss(double[] w, [NoDerivative] double[] x, double b) =>
                Activations.Softplus(Activations.Dot(w, x) + b) + Activations.Softplus(b, 2.0);

            public static double Directional(double[] w, double[] x, double b, double[] v, double vb) => LossPushforward(w, x, b, v, vb).Tangent;
        }
        """;

    private static byte[] BuildLibrary()
    {
        GeneratorRun library = GeneratorHarness.Run(Library);
        Assert.Empty(library.CompileProblems);
        using var image = new MemoryStream();
        Assert.True(library.Output.WithAssemblyName("ActivationsLibrary").Emit(image).Success);
        return image.ToArray();
    }

    [Fact]
    public void GeneratedMembersSayWhichMethodTheyDifferentiate()
    {
        string generated = GeneratorHarness.Run(Library).Sources.Where(s => s.Key.Contains("Softplus", StringComparison.Ordinal)).Select(s => s.Value).First();
        Assert.Contains("[global::GradGen.DerivativeOf(\"Softplus\", global::GradGen.GeneratedMember.Pullback)]", generated, StringComparison.Ordinal);
        Assert.Contains("[global::GradGen.DerivativeOf(\"Softplus\", global::GradGen.GeneratedMember.Pushforward)]", generated, StringComparison.Ordinal);
        Assert.Contains("[global::GradGen.DerivativeOf(\"Softplus\", global::GradGen.GeneratedMember.Gradient)]", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void ACallerInAnotherAssemblyDifferentiatesThroughEachOverloadsPullbackAndPushforward()
    {
        byte[] libraryImage = BuildLibrary();
        var input = GeneratorHarness.Compile(User).AddReferences(MetadataReference.CreateFromImage(libraryImage));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.Analyze(output).Where(d => d.Severity >= DiagnosticSeverity.Warning));

        var context = new System.Runtime.Loader.AssemblyLoadContext("cross" + Guid.NewGuid().ToString("N"), isCollectible: true);
        context.LoadFromStream(new MemoryStream(libraryImage));
        using var user = new MemoryStream();
        Assert.True(output.Emit(user).Success);
        Type model = context.LoadFromStream(new MemoryStream(user.ToArray())).GetType("Model")!;

        double[] w = { 0.3, -0.7, 1.1 }, x = { 1.5, 0.25, -0.5 };
        const double b = 0.2;
        var result = ((double[] w, double b))model.GetMethod("LossGradient")!.Invoke(null, new object[] { w, x, b })!;

        // d/dz softplus(z) = sigmoid(z); d/db softplus(2b)/2 = sigmoid(2b).
        double z = w.Zip(x, (wi, xi) => wi * xi).Sum() + b;
        static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
        for (int i = 0; i < w.Length; i++) Assert.Equal(Sigmoid(z) * x[i], result.w[i], 14);
        Assert.Equal(Sigmoid(z) + Sigmoid(2 * b), result.b, 14);

        // Forward mode goes through the callees' pushforwards: the directional derivative along (v, vb).
        double[] v = { 1, 2, -1 };
        const double vb = 0.5;
        double expected = result.w.Zip(v, (g, vi) => g * vi).Sum() + result.b * vb;
        Assert.Equal(expected, (double)model.GetMethod("Directional")!.Invoke(null, new object[] { w, x, b, v, vb })!, 14);
        string generated = output.SyntaxTrees.Select(t => t.ToString()).Single(t => t.Contains("DerivativeOf(\"Loss\", global::GradGen.GeneratedMember.Pushforward)", StringComparison.Ordinal));
        Assert.Contains("SoftplusPushforward(", generated, StringComparison.Ordinal);
        Assert.Contains("SoftplusPullback(", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void AMethodWithTheGeneratedNameButNoDerivativeOfIsNotACalleesPullback()
    {
        byte[] libraryImage = BuildLibrary();
        const string caller = """
            using GradGen;

            public static partial class UsesImpostor
            {
                [Differentiable]
                public static double F(double x) => Impostor.Square(x) + x;
            }
            """;
        var input = GeneratorHarness.Compile(caller).AddReferences(MetadataReference.CreateFromImage(libraryImage));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        Diagnostic error = Assert.Single(GeneratorHarness.Analyze(output), d => d.Severity == DiagnosticSeverity.Error);
        Assert.StartsWith("GG", error.Id, StringComparison.Ordinal);
        Assert.Equal("Impostor.Square(x)", error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan));
        Assert.DoesNotContain(output.SyntaxTrees, t => t.ToString().Contains("SquarePullback(", StringComparison.Ordinal) && t.ToString().Contains("UsesImpostor", StringComparison.Ordinal));
    }
}
