using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;

namespace GradGen.Tests.Infrastructure;

/// <summary>Compiles test sources against .NET 8 reference assemblies and the GradGen runtime, and runs
/// the generator and the analyzer on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "GradGenTestInput",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Input{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new GradGenGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; returns the generated sources by hint name and the compilation with them.</summary>
    public static GeneratorRun Run(params string[] sources)
    {
        CSharpCompilation input = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        var generated = result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return new GeneratorRun(output, generated, generatorDiagnostics, result);
    }

    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
}

internal sealed record GeneratorRun(Compilation Output, IReadOnlyDictionary<string, string> Sources, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Result)
{
    /// <summary>Compiler errors and warnings of the input plus generated code.</summary>
    public IReadOnlyList<Diagnostic> CompileProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public string Single(string hintNameContains) =>
        Sources.Single(s => s.Key.Contains(hintNameContains, StringComparison.Ordinal)).Value;

    /// <summary>The input plus generated code built and loaded in a collectible context of its own, to call the
    /// generated members; fails the test with the compiler's errors when it does not build.</summary>
    public Assembly Load()
    {
        using var image = new MemoryStream();
        EmitResult result = Output.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new AssemblyLoadContext("GradGenTestOutput", isCollectible: true).LoadFromStream(image);
    }
}
