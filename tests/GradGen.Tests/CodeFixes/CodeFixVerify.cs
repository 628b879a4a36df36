using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradGen.Tests.CodeFixes;

/// <summary>
/// Code-fix tests that need more than <see cref="Infrastructure.Verify.CodeFixAsync{TCodeFix}"/>: several
/// documents, or separate control of incremental and fix-all iterations. Markup in the fixed sources
/// asserts the diagnostics that remain after the fix.
/// </summary>
internal static class CodeFixVerify
{
    public static CSharpCodeFixTest<GradGenAnalyzer, TCodeFix, DefaultVerifier> Create<TCodeFix>()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<GradGenAnalyzer, TCodeFix, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        MetadataReference runtime = MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location);
        test.TestState.AdditionalReferences.Add(runtime);
        test.FixedState.AdditionalReferences.Add(runtime);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!;
            return solution.WithProjectParseOptions(projectId, options.WithLanguageVersion(LanguageVersion.CSharp12));
        });
        return test;
    }

    /// <summary>One document; separate counts of incremental and fix-all iterations.</summary>
    public static Task RunAsync<TCodeFix>(string source, string fixedSource, int? incrementalIterations = null, int? fixAllIterations = null, string? equivalenceKey = null)
        where TCodeFix : CodeFixProvider, new()
    {
        CSharpCodeFixTest<GradGenAnalyzer, TCodeFix, DefaultVerifier> test = Create<TCodeFix>();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.CodeActionEquivalenceKey = equivalenceKey;
        test.NumberOfIncrementalIterations = incrementalIterations;
        test.NumberOfFixAllIterations = fixAllIterations;
        return test.RunAsync();
    }

    /// <summary>Several documents, by name, before and after the fix.</summary>
    public static Task RunAsync<TCodeFix>((string Name, string Source)[] sources, (string Name, string Source)[] fixedSources, int? iterations = null)
        where TCodeFix : CodeFixProvider, new()
    {
        CSharpCodeFixTest<GradGenAnalyzer, TCodeFix, DefaultVerifier> test = Create<TCodeFix>();
        foreach ((string name, string source) in sources)
        {
            test.TestState.Sources.Add(("/0/" + name, source));
        }

        foreach ((string name, string source) in fixedSources)
        {
            test.FixedState.Sources.Add(("/0/" + name, source));
        }

        test.NumberOfIncrementalIterations = iterations;
        test.NumberOfFixAllIterations = iterations;
        return test.RunAsync();
    }
}
