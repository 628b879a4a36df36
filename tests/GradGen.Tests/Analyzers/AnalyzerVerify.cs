using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace GradGen.Tests.Analyzers;

/// <summary>
/// Analyzer tests that need more than <see cref="Infrastructure.Verify.AnalyzerAsync"/>: unsafe code,
/// the off-by-default GG1003 turned on through .editorconfig, or a second project. Markup such as
/// <c>{|GG0007:try|}</c> asserts the exact span, as in the shared verifier.
/// </summary>
internal static class AnalyzerVerify
{
    /// <summary>The .editorconfig line that turns on the informational kink diagnostic.</summary>
    public const string EnableKink = "dotnet_diagnostic.GG1003.severity = suggestion";

    public static CSharpAnalyzerTest<GradGenAnalyzer, DefaultVerifier> Create(string source, bool allowUnsafe = false, params string[] editorConfigLines)
    {
        var test = new CSharpAnalyzerTest<GradGenAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
        };
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            Project project = solution.GetProject(projectId)!;
            var parse = (CSharpParseOptions)project.ParseOptions!;
            var options = (CSharpCompilationOptions)project.CompilationOptions!;
            return solution
                .WithProjectParseOptions(projectId, parse.WithLanguageVersion(LanguageVersion.CSharp12))
                .WithProjectCompilationOptions(projectId, options.WithAllowUnsafe(allowUnsafe));
        });
        if (editorConfigLines.Length > 0)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + string.Join("\n", editorConfigLines) + "\n"));
        }

        return test;
    }

    /// <summary>Unsafe code allowed (pointers, fixed, unsafe blocks).</summary>
    public static Task UnsafeAsync(string source, params DiagnosticResult[] expected)
    {
        CSharpAnalyzerTest<GradGenAnalyzer, DefaultVerifier> test = Create(source, allowUnsafe: true);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>GG1003 (Info, off by default) turned on with <c>severity = suggestion</c>.</summary>
    public static Task WithKinkAsync(string source, params DiagnosticResult[] expected)
    {
        CSharpAnalyzerTest<GradGenAnalyzer, DefaultVerifier> test = Create(source, allowUnsafe: false, EnableKink);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
