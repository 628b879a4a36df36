using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradGen.Corpus.Tests;

/// <summary>A diagnostic as the failure messages print it: id, 1-based line, message, and the line's text.</summary>
public sealed record Finding(string Id, DiagnosticSeverity Severity, string File, int Line, string Message, string LineText)
{
    public static Finding Of(Diagnostic d)
    {
        string file = d.Location.SourceTree?.FilePath is { Length: > 0 } p ? Path.GetFileName(p) : "";
        int line = 0;
        string text = "";
        if (d.Location.SourceTree is { } tree)
        {
            int index = d.Location.GetLineSpan().StartLinePosition.Line;
            line = index + 1;
            text = tree.GetText().Lines[index].ToString().Trim();
        }
        return new Finding(d.Id, d.Severity, file, line, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), text);
    }

    public override string ToString() => $"{Id} {Severity} {File}:{Line}: {Message}\n        | {LineText}";
}

/// <summary>What compiling one corpus program with GradGen's generator and analyzer gave.</summary>
public sealed class GenerationResult
{
    public required string FileName { get; init; }
    /// <summary>Exceptions the generator threw (each also surfaces as CS8785).</summary>
    public required IReadOnlyList<string> GeneratorExceptions { get; init; }
    /// <summary>Every diagnostic of <see cref="GradGenAnalyzer"/> on the program, in source order.</summary>
    public required IReadOnlyList<Finding> AnalyzerFindings { get; init; }
    /// <summary>Compile errors located in the program's own file (with the generated code added).</summary>
    public required IReadOnlyList<Finding> ProgramErrors { get; init; }
    /// <summary>Compile errors located in generated files.</summary>
    public required IReadOnlyList<Finding> GeneratedErrors { get; init; }
    /// <summary>Compile errors with no source location, and diagnostics the generator driver reported.</summary>
    public required IReadOnlyList<Finding> OtherErrors { get; init; }
    public required IReadOnlyList<(string HintName, string Text)> GeneratedSources { get; init; }
    /// <summary>The emitted assembly, when there were no compile errors.</summary>
    public byte[]? Image { get; init; }

    /// <summary>The sorted distinct ids of the analyzer's Error-severity GG diagnostics.</summary>
    public IReadOnlyList<string> ErrorIds => AnalyzerFindings
        .Where(f => f.Severity == DiagnosticSeverity.Error && f.Id.StartsWith("GG", StringComparison.Ordinal))
        .Select(f => f.Id).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Everything worth printing when an expectation fails.</summary>
    public string Describe()
    {
        var lines = new List<string>();
        void Section(string title, IEnumerable<string> items)
        {
            var list = items.ToList();
            if (list.Count == 0) return;
            lines.Add(title + ":");
            lines.AddRange(list.Select(i => "    " + i));
        }
        Section("generator exceptions", GeneratorExceptions);
        Section("analyzer diagnostics", AnalyzerFindings.Select(f => f.ToString()));
        Section("compile errors in generated code", GeneratedErrors.Select(f => f.ToString()));
        Section("compile errors in the program", ProgramErrors.Select(f => f.ToString()));
        Section("other errors", OtherErrors.Select(f => f.ToString()));
        lines.Add($"generated files: {(GeneratedSources.Count == 0 ? "none" : string.Join(", ", GeneratedSources.Select(s => s.HintName)))}");
        return string.Join("\n", lines);
    }
}

/// <summary>Compiles corpus programs in-process: with <see cref="GradGenGenerator"/> and <see cref="GradGenAnalyzer"/>,
/// or alone (to check that a program is valid C# without GradGen), and loads what compiled.</summary>
public static class CorpusCompiler
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // The reference assemblies the programs and the generated code use (binding fewer is faster).
    private static readonly ImmutableArray<MetadataReference> References = ImmutableArray.Create<MetadataReference>(
        Basic.Reference.Assemblies.Net80.References.SystemRuntime,
        Basic.Reference.Assemblies.Net80.References.SystemCollections,
        Basic.Reference.Assemblies.Net80.References.SystemLinq,
        Basic.Reference.Assemblies.Net80.References.SystemConsole,
        Basic.Reference.Assemblies.Net80.References.SystemDiagnosticsDebug,
        Basic.Reference.Assemblies.Net80.References.SystemMemory,
        Basic.Reference.Assemblies.Net80.References.SystemRuntimeInteropServices,
        MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location));

    private static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary,
        optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Disable);

    public static string ProgramsDirectory => Path.Combine(AppContext.BaseDirectory, "Programs");

    /// <summary>File names (e.g. <c>01_Mlp.cs</c>) of the programs copied to the output directory, in order.</summary>
    public static IReadOnlyList<string> ProgramFiles() =>
        Directory.EnumerateFiles(ProgramsDirectory, "*.cs").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToList();

    public static SyntaxTree Parse(string fileName, Func<string, string>? edit = null)
    {
        string text = File.ReadAllText(Path.Combine(ProgramsDirectory, fileName));
        return CSharpSyntaxTree.ParseText(edit is null ? text : edit(text), ParseOptions, path: fileName);
    }

    public static CSharpCompilation CompilationOf(params SyntaxTree[] trees) =>
        CSharpCompilation.Create("Corpus_" + Guid.NewGuid().ToString("N"), trees, References, Options);

    /// <summary>Compiles a program (its text changed by <paramref name="edit"/>, when given) with the generator, runs the
    /// analyzer, and emits when nothing failed.</summary>
    public static GenerationResult Generate(string fileName, Func<string, string>? edit = null)
    {
        SyntaxTree tree = Parse(fileName, edit);
        CSharpCompilation input = CompilationOf(tree);

        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new GradGenGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult run = driver.GetRunResult();
        var exceptions = run.Results.Where(r => r.Exception is not null).Select(r => r.Exception!.ToString()).ToList();
        var generated = run.Results.SelectMany(r => r.GeneratedSources).Select(s => (s.HintName, s.SourceText.ToString())).ToList();

        ImmutableArray<Diagnostic> analyzerDiagnostics = input
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var inputTrees = new HashSet<SyntaxTree>(input.SyntaxTrees);
        var programErrors = errors.Where(d => d.Location.SourceTree == tree).Select(Finding.Of).ToList();
        var generatedErrors = errors.Where(d => d.Location.SourceTree is { } t && !inputTrees.Contains(t)).Select(Finding.Of).ToList();
        var otherErrors = errors.Where(d => d.Location.SourceTree is null).Select(Finding.Of)
            .Concat(driverDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error || d.Id is "CS8784" or "CS8785").Select(Finding.Of))
            .ToList();

        byte[]? image = null;
        if (errors.Count == 0 && exceptions.Count == 0)
        {
            using var stream = new MemoryStream();
            var emitted = output.Emit(stream);
            if (emitted.Success) image = stream.ToArray();
            else otherErrors.AddRange(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(Finding.Of));
        }

        return new GenerationResult
        {
            FileName = fileName,
            GeneratorExceptions = exceptions,
            AnalyzerFindings = analyzerDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).Select(Finding.Of).ToList(),
            ProgramErrors = programErrors,
            GeneratedErrors = generatedErrors,
            OtherErrors = otherErrors,
            GeneratedSources = generated,
            Image = image,
        };
    }

    /// <summary>Emits a compilation, or returns its errors.</summary>
    public static byte[] EmitOrFail(Compilation compilation, string what)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => "    " + Finding.Of(d));
            Assert.Fail($"{what} does not compile:\n{string.Join("\n", errors)}");
        }
        return stream.ToArray();
    }

    /// <summary>The <c>Harness</c> class of a program's syntax tree.</summary>
    public static ClassDeclarationSyntax HarnessOf(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == "Harness");
}

/// <summary>A program's assembly loaded into a collectible context, and its Harness.</summary>
public sealed class LoadedHarness : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Func<double[]> _start;
    private readonly Func<double[], double> _loss;
    private readonly Func<double[], double[]>? _gradient;

    /// <summary>How long one call may take before the program counts as hanging.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public LoadedHarness(byte[] image, bool withGradient = true)
    {
        _context = new AssemblyLoadContext("Corpus", isCollectible: true);
        Assembly assembly = _context.LoadFromStream(new MemoryStream(image));
        Type harness = assembly.GetTypes().Single(t => t.Name == "Harness");
        MethodInfo Method(string name) => harness.GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"Harness has no public static method {name}");
        _start = Method("Start").CreateDelegate<Func<double[]>>();
        _loss = Method("Loss").CreateDelegate<Func<double[], double>>();
        if (withGradient) _gradient = Method("Gradient").CreateDelegate<Func<double[], double[]>>();
    }

    public double[] Start() => Run(() => _start());

    public double Loss(double[] theta) => Run(() => _loss((double[])theta.Clone()));

    public double[] Gradient(double[] theta) => Run(() => _gradient!((double[])theta.Clone()));

    // A generated member that never returns fails the test instead of hanging the run (its thread is abandoned).
    private static T Run<T>(Func<T> call)
    {
        var task = Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!task.Wait(Timeout)) throw new TimeoutException($"no result within {Timeout.TotalSeconds} s");
        return task.GetAwaiter().GetResult();
    }

    public void Dispose() => _context.Unload();
}
