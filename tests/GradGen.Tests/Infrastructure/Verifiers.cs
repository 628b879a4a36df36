using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradGen.Tests.Infrastructure;

/// <summary>
/// Analyzer and code-fix tests with markup: <c>{|GG0001:Losses|}</c> asserts the exact span of a
/// diagnostic. Sources compile against .NET 8 reference assemblies and the GradGen runtime.
/// </summary>
internal static class Verify
{
    private static readonly ReferenceAssemblies Net80 = ReferenceAssemblies.Net.Net80;

    private static void Configure(SolutionState state)
    {
        state.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));
    }

    /// <summary>An expected GradGen diagnostic (its descriptor's severity), located with <c>{|#n:...|}</c> markup and
    /// <c>WithLocation(n)</c>, so that a test can assert its message arguments too.</summary>
    public static DiagnosticResult Diagnostic(string id) =>
        new(new GradGenAnalyzer().SupportedDiagnostics.Single(d => d.Id == id));

    /// <summary>Asserts that the analyzer reports exactly the diagnostics in the markup of <paramref name="source"/>.</summary>
    public static async Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<GradGenAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = Net80,
        };
        test.SolutionTransforms.Add(UseLanguageVersion);
        Configure(test.TestState);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Asserts the diagnostics in <paramref name="source"/>, applies <typeparamref name="TCodeFix"/>, and compares the result with <paramref name="fixedSource"/>.</summary>
    public static async Task CodeFixAsync<TCodeFix>(string source, string fixedSource, int? iterations = null, string? equivalenceKey = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<GradGenAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = Net80,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        if (iterations is { } n)
        {
            test.NumberOfFixAllIterations = n;
            test.NumberOfIncrementalIterations = n;
        }

        test.SolutionTransforms.Add(UseLanguageVersion);
        Configure(test.TestState);
        Configure(test.FixedState);
        await test.RunAsync();
    }

    private static Solution UseLanguageVersion(Solution solution, ProjectId projectId)
    {
        var options = (CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!;
        return solution.WithProjectParseOptions(projectId, options.WithLanguageVersion(LanguageVersion.CSharp12));
    }
}
