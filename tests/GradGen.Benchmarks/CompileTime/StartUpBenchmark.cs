using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

// A measuring harness, never loaded by a compiler: its warm-up analyzer lives beside the benchmark.
#pragma warning disable RS1036, RS1041

namespace GradGen.Benchmarks.CompileTime;

/// <summary>
/// What the generator costs the first time a process runs it, on a project of one <c>[Differentiable]</c> method: the
/// build of a small project pays it in full (a command-line build, or the compiler server's first build), where the
/// 1,000-method benchmark measures warm runs. Everything that is not GradGen's is warmed first, in this order, so that
/// it is not counted as GradGen's:
/// <list type="number">
/// <item>the compiler binding the project (<c>GetDiagnostics</c>, no generator);</item>
/// <item>the generator driver, its attribute lookup and the compiler's operation trees, with a generator that finds the
/// same methods, walks their operations and emits nothing (and the analyzer driver, with an analyzer that does the same).</item>
/// </list>
/// Then GradGen's static tables are initialized one type at a time (each timed), GradGen runs once (cold: its code is
/// compiled by the JIT as it runs) and again on a fresh compilation with a fresh driver (warm). Cold minus warm is
/// GradGen's start-up. The same for the analyzer. One process gives one sample: run the mode a few times.
/// </summary>
public static class StartUpBenchmark
{
    public static int Run()
    {
        CSharpParseOptions parseOptions = new(LanguageVersion.CSharp12);
        ImmutableArray<MetadataReference> references = CompileTimeBenchmark.References();
        CSharpCompilationOptions options = CompileTimeBenchmark.Options;
        IReadOnlyList<(string Path, string Source)> files = SyntheticProject.Files(1);
        CSharpCompilation NewCompilation() => CSharpCompilation.Create(
            "OneMethod", files.Select(f => CSharpSyntaxTree.ParseText(f.Source, parseOptions, f.Path)), references, options);
        GeneratorDriver NewDriver(IIncrementalGenerator generator) => CSharpGeneratorDriver.Create(
            new[] { generator.AsSourceGenerator() }, parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        Console.WriteLine($"GradGen start-up: one [Differentiable] method, a fresh process, {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
            $"Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}.");
        var rows = new List<(string Label, double Ms)>();

        double bind = Time(() => NewCompilation().GetDiagnostics());
        rows.Add(("Not GradGen's: the compiler binding the project for the first time", bind));
        rows.Add(("Not GradGen's: the same, again (warm)", Time(() => NewCompilation().GetDiagnostics())));
        rows.Add(("Not GradGen's: the driver, its attribute lookup and the method's operation tree, first run (a generator that emits nothing)",
            Time(() => NewDriver(new FindsTheMethods()).RunGenerators(NewCompilation()))));

        // GradGen's static tables, type by type, before anything of GradGen runs.
        var tables = new List<(string Type, double Ms)>();
        foreach (Type type in typeof(GradGenGenerator).Assembly.GetTypes().Where(t => t.TypeInitializer is not null && !t.ContainsGenericParameters))
        {
            tables.Add((type.FullName ?? type.Name, Time(() => RuntimeHelpers.RunClassConstructor(type.TypeHandle))));
        }

        rows.Add(($"GradGen's static tables ({tables.Count} types with a static constructor), all of them", tables.Sum(t => t.Ms)));
        GeneratorDriver cold = NewDriver(new GradGenGenerator());
        double first = Time(() => cold = cold.RunGenerators(NewCompilation()));
        GeneratorRunResult coldResult = cold.GetRunResult().Results.Single();
        if (coldResult.GeneratedSources.Length != 1 || coldResult.Diagnostics.Length > 0)
        {
            Console.Error.WriteLine($"The one-method project did not generate: {coldResult.GeneratedSources.Length} sources, {coldResult.Diagnostics.Length} diagnostics.");
            return 1;
        }

        GeneratorDriver warmDriver = NewDriver(new GradGenGenerator());
        double second = Time(() => warmDriver = warmDriver.RunGenerators(NewCompilation()));
        GeneratorRunResult warmResult = warmDriver.GetRunResult().Results.Single();
        rows.Add(("GradGen's generator, first run (cold)", first));
        foreach ((string step, double ms) in Steps(coldResult)) rows.Add(("  of which " + step, ms));
        rows.Add(("GradGen's generator, second run (fresh driver and compilation, warm)", second));
        foreach ((string step, double ms) in Steps(warmResult)) rows.Add(("  of which " + step, ms));
        rows.Add(("GradGen's start-up: first run minus second", first - second));

        CSharpCompilation warmup = NewCompilation();
        warmup.GetDiagnostics();
        rows.Add(("Not GradGen's: the analyzer driver, first run (an analyzer that walks the method's operations)",
            Time(() => warmup.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new WalksTheMethods())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult())));
        CSharpCompilation bound = NewCompilation();
        bound.GetDiagnostics();
        double analyzerFirst = Time(() => bound.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
        CSharpCompilation boundAgain = NewCompilation();
        boundAgain.GetDiagnostics();
        double analyzerSecond = Time(() => boundAgain.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer())).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult());
        rows.Add(("GradGen's analyzer, first run (after the generator)", analyzerFirst));
        rows.Add(("GradGen's analyzer, second run", analyzerSecond));

        Console.WriteLine();
        Console.WriteLine("| Measurement | Time |");
        Console.WriteLine("|---|---:|");
        foreach ((string label, double ms) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {ms:F1} ms |"));
        }

        Console.WriteLine();
        Console.WriteLine("The slowest static constructors:");
        foreach ((string type, double ms) in tables.OrderByDescending(t => t.Ms).Take(5))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms,7:F2} ms  {type}"));
        }

        return 0;
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Every tracked step that took time ('Lowered' is the front end, 'Generated' differentiation and emission).</summary>
    private static IEnumerable<(string Step, double Ms)> Steps(GeneratorRunResult result) =>
        result.TrackedSteps.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => ("step '" + s.Key + "'", s.Value.Sum(r => r.ElapsedTime.TotalMilliseconds)))
            .Where(s => s.Item2 >= 0.05);

    /// <summary>
    /// Finds the [Differentiable] methods as GradGen does, asks the compiler for each body's operation tree and walks it
    /// (the compiler's own code that GradGen's front end calls), and emits nothing: warms what is the driver's and the
    /// compiler's.
    /// </summary>
    private sealed class FindsTheMethods : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<int> counts = context.SyntaxProvider.ForAttributeWithMetadataName(
                "GradGen.DifferentiableAttribute", static (_, _) => true, static (c, token) => Walk(c.SemanticModel, c.TargetNode, token));
            context.RegisterSourceOutput(counts, static (_, _) => { });
        }
    }

    /// <summary>An analyzer that walks every method's operations: warms the analyzer driver's own code.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class WalksTheMethods : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterOperationBlockAction(static c =>
            {
                foreach (IOperation block in c.OperationBlocks) _ = block.DescendantsAndSelf().Count();
            });
        }
    }

    private static int Walk(SemanticModel model, SyntaxNode method, CancellationToken token)
    {
        int count = 0;
        foreach (SyntaxNode node in method.DescendantNodes())
        {
            if (model.GetOperation(node, token) is { } operation)
            {
                count += operation.DescendantsAndSelf().Count();
                _ = model.GetSymbolInfo(node, token);
                _ = model.GetTypeInfo(node, token);
            }
        }

        return count;
    }
}
