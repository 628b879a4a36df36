using System.Reflection;
using GradGen.Generator;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradGen.Tests;

/// <summary>
/// Forward mode (<c>[Differentiable(Forward = true)]</c>): the generated pushforward as users read it (a golden file), who
/// gets one (the method, the methods it reaches, nobody else), its name checked against the user's members, a callee of
/// another assembly that has none, and the pipeline's caching of the pushforwards of callees.
/// </summary>
public class ForwardModeTests
{
    private const string Representative = """
        using System;
        using GradGen;

        public static partial class Model
        {
            private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

            // A hidden layer in a stackalloc'd buffer, a helper without the attribute, a running maximum (a kink: ties go to
            // the first argument, as in reverse mode) and an early return.
            [Differentiable(Forward = true)]
            public static double Score(ReadOnlySpan<double> w, double b, [NoDerivative] ReadOnlySpan<double> x)
            {
                Span<double> h = stackalloc double[x.Length];
                for (int i = 0; i < x.Length; i++)
                {
                    h[i] = Sigmoid(w[i] * x[i] + b);
                }

                double best = h[0];
                for (int i = 1; i < h.Length; i++)
                {
                    best = Math.Max(best, h[i]);
                }

                if (best < 1e-3)
                {
                    return 0;
                }

                return Math.Log(best) + b * b;
            }
        }
        """;

    private static GeneratorRun Run(params string[] sources)
    {
        GeneratorRun run = GeneratorHarness.Run(sources);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == DiagnosticSeverity.Error));
        return run;
    }

    [Fact]
    public void RepresentativePushforward()
    {
        GeneratorRun run = Run(Representative);
        string helper = run.Sources.Single(s => s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal)).Value;
        Baseline.AssertMatches("Pushforward", run.Single(".Score.") + helper);
    }

    [Fact]
    public void RepresentativePushforwardComputesTheGradientAlongTheDirection()
    {
        // Spans cannot go through reflection: the generated members are called through delegates of their signatures.
        Type model = Run(Representative).Load().GetType("Model")!;
        var score = model.GetMethod("Score")!.CreateDelegate<Score>();
        var pushforward = model.GetMethod("ScorePushforward")!.CreateDelegate<ScorePushforward>();
        var gradient = model.GetMethod("ScoreGradient")!.CreateDelegate<ScoreGradient>();
        double[] w = [0.3, -1.2, 0.8], x = [1.5, 0.25, -2.0], direction = [0.5, -1.0, 2.0];
        const double b = 0.1, bDirection = -0.75;

        (double[] gw, double gb) = gradient(w, b, x);
        (double value, double tangent) = pushforward(w, b, x, direction, bDirection);
        Assert.Equal(BitConverter.DoubleToInt64Bits(score(w, b, x)), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(gw.Select((g, i) => g * direction[i]).Sum() + gb * bDirection, tangent, 12);
    }

    private delegate double Score(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> x);

    private delegate (double Value, double Tangent) ScorePushforward(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> x, ReadOnlySpan<double> wTangent, double bTangent);

    private delegate (double[] w, double b) ScoreGradient(ReadOnlySpan<double> w, double b, ReadOnlySpan<double> x);

    [Fact]
    public void ALoopWrittenAsWhileNamesItsCounterBesideItsSiblings()
    {
        // A local function with an early return inside a for loop, inlined twice: each copy's loop becomes a while loop after
        // its counter's declaration, in one block, so the two counters need two names (Run asserts the code compiles).
        GeneratorRun run = Run("""
            using GradGen;

            public static partial class Losses
            {
                [Differentiable(Forward = true)]
                public static double F(double z)
                {
                    static double L(double u)
                    {
                        for (int i = 1; i < 3; i++)
                        {
                            if (u < i) return u;
                        }

                        return u * 2;
                    }

                    return L(z) + L(z * z);
                }
            }
            """);
        string file = run.Single(".F.");
        string pushforward = file.Substring(file.IndexOf(" FPushforward(", StringComparison.Ordinal));
        Assert.Contains("int i = 1;", pushforward, StringComparison.Ordinal);
        Assert.Contains("int i1 = 1;", pushforward, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutForwardNothingChanges()
    {
        // Only Forward = true adds a pushforward; the same method without it generates exactly its three members.
        GeneratorRun withForward = Run(Representative);
        GeneratorRun without = Run(Representative.Replace("[Differentiable(Forward = true)]", "[Differentiable]"));
        Assert.DoesNotContain(without.Sources, s => s.Value.Contains("Pushforward", StringComparison.Ordinal));
        Assert.Equal(2, without.Sources.Count);
        Assert.Equal(3, withForward.Sources.Count);
        string file = without.Single(".Score.");
        Assert.StartsWith(file[..file.LastIndexOf("    }", StringComparison.Ordinal)].TrimEnd(), withForward.Single(".Score."), StringComparison.Ordinal);

        // The helper's pullback is the same file either way; its pushforward is a file of its own.
        Assert.Equal(without.Sources.Single(s => s.Key.Contains(".Sigmoid.", StringComparison.Ordinal)).Value,
            withForward.Sources.Single(s => s.Key.Contains(".Sigmoid.", StringComparison.Ordinal) && !s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void ACalleeWithoutForwardGetsAHiddenPushforward()
    {
        GeneratorRun run = Run("""
            using System;
            using GradGen;

            public static partial class Losses
            {
                [Differentiable]
                public static double Inner(double x, [NoDerivative] double k) => Math.Sin(k * x);

                [Differentiable]
                public static double Unused(double x) => x * x;

                [Differentiable(Forward = true)]
                public static double Outer(double x) => Inner(x * x, 2) + Unused(3);
            }
            """);

        // Inner is reached with an argument that varies: it gets a pushforward, internal and hidden. Unused is reached with
        // a constant argument only: its value is all Outer needs.
        string inner = run.Sources.Single(s => s.Key.Contains(".Inner.", StringComparison.Ordinal) && s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("internal static (double Value, double Tangent) InnerPushforward(double x, double k, double xTangent)", inner, StringComparison.Ordinal);
        Assert.Contains("EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)", inner, StringComparison.Ordinal);
        Assert.DoesNotContain(run.Sources, s => s.Key.Contains(".Unused.", StringComparison.Ordinal) && s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal));
        Assert.Contains("InnerPushforward(", run.Single(".Outer."), StringComparison.Ordinal);

        MethodInfo outer = run.Load().GetType("Losses")!.GetMethod("OuterPushforward")!;
        var (value, tangent) = ((double, double))outer.Invoke(null, [0.5, 1.0])!;
        Assert.Equal(Math.Sin(2 * 0.25) + 9, value);
        Assert.Equal(Math.Cos(2 * 0.25) * 2 * 2 * 0.5, tangent, 15);
    }

    [Fact]
    public void ACalleeMarkedForwardWritesItsOwn()
    {
        GeneratorRun run = Run("""
            using System;
            using GradGen;

            public static partial class Losses
            {
                private static double Helper(double x) => Math.Exp(x);

                [Differentiable(Forward = true)]
                public static double Inner(double x) => Helper(x) * x;

                [Differentiable(Forward = true)]
                public static double Outer(double x) => Inner(x) + Helper(2 * x);
            }
            """);

        // One pushforward each: Inner's is public in its own file, Helper's is hidden and written once for both callers.
        Assert.Contains("public static (double Value, double Tangent) InnerPushforward(double x, double xTangent)", run.Single(".Inner."), StringComparison.Ordinal);
        Assert.Single(run.Sources, s => s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal));
        Assert.Contains(".Helper.", run.Sources.Single(s => s.Key.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal)).Key, StringComparison.Ordinal);
    }

    [Fact]
    public void RecursionGoesThroughItsOwnPushforward()
    {
        GeneratorRun run = Run("""
            using GradGen;

            public static partial class Series
            {
                [Differentiable(Forward = true)]
                public static double Power(double x, int n)
                {
                    if (n == 0) return 1;
                    double rest = Power(x, n - 1);
                    return x * rest;
                }
            }
            """);
        Assert.Contains("PowerPushforward(x, n - 1, xTangent)", run.Single(".Power."), StringComparison.Ordinal);
        MethodInfo power = run.Load().GetType("Series")!.GetMethod("PowerPushforward")!;
        var (value, tangent) = ((double, double))power.Invoke(null, [1.5, 4, 1.0])!;
        Assert.Equal(Math.Pow(1.5, 4), value, 15);
        Assert.Equal(4 * Math.Pow(1.5, 3), tangent, 14);
    }

    [Fact]
    public Task APushforwardNameTakenByTheUserIsGG0011() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable(Forward = true)]
            public static double {|GG0011:Square|}(double x) => x * x;

            public static (double, double) SquarePushforward(double x, double t) => (x * x, 2 * x * t);

            [Differentiable]
            public static double Cube(double x) => x * x * x;

            // Without Forward = true GradGen adds no pushforward, so this one is the user's to have.
            public static (double, double) CubePushforward(double x, double t) => (x * x * x, 3 * x * x * t);
        }
        """);

    [Fact]
    public Task ACalleeOfAnotherAssemblyWithoutAPushforwardIsGG0015WhereItsArgumentsVary()
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
                [Differentiable(Forward = true)]
                public static double Loss(double x) => {|#0:Library.Helpers.Square(x)|} + Library.Helpers.Cube(x) + Library.Helpers.Square(2.0);

                [Differentiable]
                public static double ReverseOnly(double x) => Library.Helpers.Square(x);
            }
            """);
        test.TestState.AdditionalReferences.Add(runtime);
        var library = new ProjectState("Library", LanguageNames.CSharp, "/Library/Test", "cs")
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        test.TestState.AdditionalProjects.Add("Library", library);

        // As GradGen would have built it (the project runs no generator here): Square without Forward = true has a pullback
        // only, Cube a pushforward too. The stand-ins are overloads of their own (an extra optional parameter), so that the
        // members GradGen generates when it does run on this source are other methods, and carry [DerivativeOf] as generated
        // members do (callers find them through it).
        library.Sources.Add("""
            using GradGen;

            namespace Library
            {
                public static partial class Helpers
                {
                    [Differentiable]
                    public static double Square(double x) => x * x;

                    [DerivativeOf("Square", GeneratedMember.Pullback)]
                    public static double SquarePullback(double x, double seed, ref double xAdjoint, int version = 1)
                    {
                        xAdjoint += 2 * seed * x;
                        return x * x;
                    }

                    [Differentiable(Forward = true)]
                    public static double Cube(double x) => x * x * x;

                    [DerivativeOf("Cube", GeneratedMember.Pullback)]
                    public static double CubePullback(double x, double seed, ref double xAdjoint, int version = 1)
                    {
                        xAdjoint += 3 * seed * x * x;
                        return x * x * x;
                    }

                    [DerivativeOf("Cube", GeneratedMember.Pushforward)]
                    public static (double Value, double Tangent) CubePushforward(double x, double xTangent, int version = 1) => (x * x * x, 3 * x * x * xTangent);
                }
            }
            """);
        library.AdditionalReferences.Add(runtime);
        test.TestState.AdditionalProjectReferences.Add("Library");
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GG0015").WithLocation(0).WithArguments("Square",
            "forward mode calls its pushforward, and it is compiled in 'Library' without [Differentiable(Forward = true)], so it has none; set Forward = true there"));
        return test.RunAsync();
    }

    [Fact]
    public void AHelperCallingACalleeWithoutAPushforwardIsGG0015AtTheForwardCall()
    {
        // The library is compiled first, with GradGen, then referenced: Square has a pullback but no pushforward.
        GeneratorRun library = GeneratorHarness.Run("""
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
        using var image = new MemoryStream();
        Assert.True(library.Output.WithAssemblyName("Library").Emit(image).Success);
        CSharpCompilation user = GeneratorHarness.Compile("""
            using GradGen;

            public static partial class Losses
            {
                private static double Twice(double x) => 2 * Library.Helpers.Square(x);

                [Differentiable(Forward = true)]
                public static double Loss(double x) => Twice(x) + x;

                [Differentiable]
                public static double ReverseOnly(double x) => Twice(x);
            }
            """).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        Diagnostic[] errors = GeneratorHarness.Analyze(user).Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.Equal(2, errors.Length);
        Assert.All(errors, e => Assert.Equal("GG0015", e.Id));
        Assert.Contains(errors, e => e.GetMessage().Contains("'Twice'", StringComparison.Ordinal) && e.GetMessage().Contains("in forward mode", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.GetMessage().Contains("'Square'", StringComparison.Ordinal));

        // The method without Forward = true is untouched: its members are generated, and nothing else.
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(user, out Compilation output, out _);
        string[] files = driver.GetRunResult().GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).ToArray();
        Assert.Contains(files, f => f.Contains(".ReverseOnly.", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains(".Loss.", StringComparison.Ordinal) || f.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void PushforwardsOfCalleesAreCachedLikeTheRest()
    {
        const string unrelated = """
            namespace Samples;
            public static class Helpers
            {
                public static int Twice(int n) => 2 * n;
            }
            """;
        Compilation compilation = GeneratorHarness.Compile(Representative, unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Single(first.GeneratedSources, s => s.HintName.EndsWith(".Pushforward.g.cs", StringComparison.Ordinal));

        SyntaxTree old = compilation.SyntaxTrees.ElementAt(1);
        Compilation edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(unrelated.Replace("2 * n", "n + n"), GeneratorHarness.ParseOptions, old.FilePath));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();
        foreach (string step in new[] { TrackingNames.Models, TrackingNames.Generated, TrackingNames.ForwardCallees, TrackingNames.GeneratedForward })
        {
            Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
    }
}
