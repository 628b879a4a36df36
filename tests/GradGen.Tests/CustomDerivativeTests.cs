using System.Reflection;
using GradGen.CodeFixes;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Tests;

/// <summary>
/// Custom derivatives (<c>[CustomPullback]</c>, <c>[CustomPushforward]</c>): a special function of another assembly gets its
/// derivative from the user and every call uses it (against the analytic derivative and finite differences, in both modes,
/// through <see cref="GradientChecker"/>); the target is found by signature among overloads; mismatches are GG0025 at the
/// attribute with the expected signature; the code fix on GG0006 writes a skeleton that compiles and throws.
/// </summary>
public class CustomDerivativeTests
{
    /// <summary>A "library": compiled on its own, so the caller sees only metadata. Erf by its Maclaurin series (exact to
    /// rounding for |x| ≤ 3), with a float overload beside it.</summary>
    private const string Library = """
        public static class Special
        {
            public static double Erf(double x)
            {
                double sum = 0, term = x;
                for (int n = 0; n < 200; n++)
                {
                    double next = term / (2 * n + 1);
                    sum += next;
                    if (System.Math.Abs(next) < 1e-18) break;
                    term *= -x * x / (n + 1);
                }

                return 2 / System.Math.Sqrt(System.Math.PI) * sum;
            }

            public static float Erf(float x) => (float)Erf((double)x);

            public static double Scaled(double x, int k, double[] w) => k * x * w[0];
        }
        """;

    private const string User = """
        using System;
        using GradGen;

        public static partial class Probability
        {
            [CustomPullback(typeof(Special), nameof(Special.Erf))]
            internal static double ErfPullback(double x, double seed, ref double xAdjoint)
            {
                xAdjoint += seed * 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
                return Special.Erf(x);
            }

            [CustomPushforward(typeof(Special), nameof(Special.Erf))]
            internal static (double Value, double Tangent) ErfPushforward(double x, double xTangent) =>
                (Special.Erf(x), 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * xTangent);

            // The other overload has no custom derivative: a call with a float would be GG0006.
            [CustomPullback(typeof(Special), nameof(Special.Scaled))]
            internal static double ScaledPullback(double x, int k, double[] w, double seed, ref double xAdjoint, Span<double> wAdjoint)
            {
                xAdjoint += seed * k * w[0];
                wAdjoint[0] += seed * k * x;
                return Special.Scaled(x, k, w);
            }

            [Differentiable(Forward = true)]
            public static double NormalCdf(double x, double mu, double sigma) => 0.5 * (1 + Special.Erf((x - mu) / (sigma * Math.Sqrt(2))));

            [Differentiable]
            public static double Mixed(double x, double[] w) => Special.Scaled(x * x, 3, w) + w[1];
        }
        """;

    private static Assembly Build()
    {
        var library = GeneratorHarness.Run(Library);
        using var image = new MemoryStream();
        Assert.True(library.Output.WithAssemblyName("SpecialLibrary").Emit(image).Success);
        var input = GeneratorHarness.Compile(User).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(GeneratorHarness.Analyze(output).Where(d => d.Severity >= DiagnosticSeverity.Warning));
        var context = new System.Runtime.Loader.AssemblyLoadContext("custom" + Guid.NewGuid().ToString("N"), isCollectible: true);
        context.LoadFromStream(new MemoryStream(image.ToArray()));
        using var user = new MemoryStream();
        Assert.True(output.Emit(user).Success);
        _ = driver;
        return context.LoadFromStream(new MemoryStream(user.ToArray()));
    }

    [Fact]
    public void ALibraryFunctionDifferentiatesThroughItsCustomPullbackAndPushforward()
    {
        Type t = Build().GetType("Probability")!;
        Func<double, double, double, double> f = t.GetMethod("NormalCdf")!.CreateDelegate<Func<double, double, double, double>>();
        var gradient = t.GetMethod("NormalCdfGradient")!;
        var pushforward = t.GetMethod("NormalCdfPushforward")!;

        foreach (var (x, mu, sigma) in new[] { (0.3, 0.1, 1.5), (-1.2, 0.4, 0.7), (2.0, -0.5, 2.5) })
        {
            var g = ((double, double, double))gradient.Invoke(null, [x, mu, sigma])!;
            // Analytic: the normal density φ(z)/σ with z = (x − μ)/σ; ∂/∂μ = −φ(z)/σ; ∂/∂σ = −φ(z)·z/σ.
            double z = (x - mu) / sigma, density = Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI) / sigma;
            Assert.Equal(density, g.Item1, 14);
            Assert.Equal(-density, g.Item2, 14);
            Assert.Equal(-density * z, g.Item3, 14);

            GradientCheckResult check = GradientChecker.Compare(p => f(p[0], p[1], p[2]), new[] { g.Item1, g.Item2, g.Item3 }, new[] { x, mu, sigma }, 1e-8);
            Assert.True(check.Passed, check.ToString());

            // Forward mode goes through the custom pushforward: the directional derivative along (1, 2, -1).
            var (value, tangent) = ((double, double))pushforward.Invoke(null, [x, mu, sigma, 1.0, 2.0, -1.0])!;
            Assert.Equal(f(x, mu, sigma), value);
            Assert.Equal(g.Item1 + 2 * g.Item2 - g.Item3, tangent, 13);
        }
    }

    [Fact]
    public void ACustomPullbackWithArrayAndIntegerParametersGetsItsAdjointSlots()
    {
        Type t = Build().GetType("Probability")!;
        var gradient = t.GetMethod("MixedGradient")!;
        double x = 0.7;
        double[] w = [1.5, -2.0];
        var (dx, dw) = ((double, double[]))gradient.Invoke(null, [x, w])!;
        // Mixed = 3·x²·w0 + w1.
        Assert.Equal(6 * x * w[0], dx, 14);
        Assert.Equal(2, dw.Length);
        Assert.Equal(3 * x * x, dw[0], 14);
        Assert.Equal(1.0, dw[1]);
    }

    [Fact]
    public void TheGeneratedCodeCallsTheCustomDerivativesAsUsersReadIt()
    {
        // The golden file: the pullback calls ErfPullback with the chain rule's seed, the pushforward ErfPushforward.
        var library = GeneratorHarness.Run(Library);
        using var image = new MemoryStream();
        Assert.True(library.Output.WithAssemblyName("SpecialLibrary").Emit(image).Success);
        var input = GeneratorHarness.Compile(User).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));
        var result = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out _, out _).GetRunResult();
        string source = result.Results.SelectMany(r => r.GeneratedSources).Single(g => g.HintName.Contains(".NormalCdf.", StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("global::Probability.ErfPullback(", source, StringComparison.Ordinal);
        Assert.Contains("global::Probability.ErfPushforward(", source, StringComparison.Ordinal);
        Baseline.AssertMatches("CustomPullback", source);
    }

    [Fact]
    public void TheCheckerFindsAWrongCustomDerivative()
    {
        // The checker users call in their own tests: a pullback off by a factor of two fails with the index and both values.
        GradientCheckResult wrong = GradientChecker.Compare(x => Math.Sin(x), x => 2 * Math.Cos(x), 0.5);
        Assert.False(wrong.Passed);
        Assert.Equal(0, wrong.WorstIndex);
        Assert.Contains("disagrees", wrong.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(wrong.ThrowIfFailed);
        GradientCheckResult right = GradientChecker.Compare(x => Math.Sin(x), Math.Cos, 0.5);
        Assert.True(right.Passed, right.ToString());
        Assert.True(right.MaxError < 1e-9, right.ToString());
        Assert.Throws<ArgumentException>(() => GradientChecker.Compare(p => p[0], new[] { 1.0, 2.0 }, new[] { 0.0 }));
    }

    // ------------------------------------------------------------------ GG0025

    [Fact]
    public Task GG0025_AWrongSignatureSaysTheExpectedOneForEachOverload() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static class Special
        {
            public static double Erf(double x) => x;
            public static float Erf(float x) => x;
        }

        public static partial class Probability
        {
            [{|#0:CustomPullback(typeof(Special), nameof(Special.Erf))|}]
            internal static double ErfPullback(double x, ref double xAdjoint) => x;
        }
        """,
        Verify.Diagnostic("GG0025").WithLocation(0).WithArguments("ErfPullback", "pullback",
            "its signature is not the pullback of 'Special.Erf'; expected 'static double ErfPullback(double x, double seed, ref double xAdjoint)', or 'static float ErfPullback(float x, float seed, ref float xAdjoint)'"));

    [Fact]
    public Task GG0025_AMissingTargetAnInstanceTargetAndASecondClaim() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public class Special
        {
            public double Gamma(double x) => x;
            public static double Erf(double x) => x;
        }

        public static partial class Probability
        {
            [{|#0:CustomPullback(typeof(Special), "Erfc")|}]
            internal static double A(double x, double seed, ref double xAdjoint) => x;

            [{|#1:CustomPullback(typeof(Special), nameof(Special.Gamma))|}]
            internal static double B(double x, double seed, ref double xAdjoint) => x;

            [CustomPullback(typeof(Special), nameof(Special.Erf))]
            internal static double C(double x, double seed, ref double xAdjoint) => x;

            [{|#2:CustomPullback(typeof(Special), nameof(Special.Erf))|}]
            internal static double D(double x, double seed, ref double xAdjoint) => x;

            [{|#3:CustomPushforward(typeof(Special), nameof(Special.Erf))|}]
            internal static (double, double) E(double x, double xTangent) => (x, xTangent);
        }
        """,
        Verify.Diagnostic("GG0025").WithLocation(0).WithArguments("A", "pullback", "'Special' has no method named 'Erfc'"),
        Verify.Diagnostic("GG0025").WithLocation(1).WithArguments("B", "pullback", "'Gamma' is an instance method; custom derivatives are for static methods (call a static one from it)"),
        Verify.Diagnostic("GG0025").WithLocation(2).WithArguments("D", "pullback", "'Probability.C' is already the custom pullback of 'Special.Erf'; keep one"),
        Verify.Diagnostic("GG0025").WithLocation(3).WithArguments("E", "pushforward",
            "its signature is not the pushforward of 'Special.Erf'; expected 'static (double Value, double Tangent) E(double x, double xTangent)'"));

    [Fact]
    public Task ACustomPullbackAloneIsAnErrorAtTheCallOfAForwardModeMethod() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static class Special
        {
            public static double Erf(double x) => x;
        }

        public static partial class Probability
        {
            [CustomPullback(typeof(Special), nameof(Special.Erf))]
            internal static double ErfPullback(double x, double seed, ref double xAdjoint) => Special.Erf(x);

            [Differentiable]
            public static double Reverse(double x) => Special.Erf(x) * x;

            [Differentiable(Forward = true)]
            public static double Both(double x) => {|#0:Special.Erf(x)|} * x;
        }
        """,
        Verify.Diagnostic("GG0015").WithLocation(0).WithArguments("Erf",
            "forward mode needs its pushforward, and it has a custom pullback but no custom pushforward; add a static method marked [CustomPushforward(typeof(Special), nameof(Special.Erf))]"));

    // ------------------------------------------------------------------ the code fix

    [Fact]
    public Task GG0006_TheFixWritesAPullbackSkeletonWithTheSignatureGradGenLooksFor() => Verify.CodeFixAsync<CustomPullbackCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, double[] v) => {|GG0006:Math.IEEERemainder(w, v[0])|} + w * w;
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, double[] v) => Math.IEEERemainder(w, v[0]) + w * w;

            [CustomPullback(typeof(Math), nameof(Math.IEEERemainder))]
            public static double IEEERemainderPullback(double x, double y, double seed, ref double xAdjoint, ref double yAdjoint)
            {
                // Add seed * (the partial derivative of IEEERemainder with respect to each parameter) into xAdjoint, yAdjoint,
                // then return Math.IEEERemainder(x, y).
                throw new NotImplementedException("the custom pullback of Math.IEEERemainder is not written yet");
            }
        }
        """);
}
