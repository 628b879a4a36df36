using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using GradGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradGen.Benchmarks.CompileTime;

/// <summary>
/// The generator's compile-time cost, measured in-process with a <see cref="CSharpGeneratorDriver"/>
/// (with incremental step tracking on, as the IDE and the tests run it) on the synthetic project of
/// <see cref="SyntheticProject"/>:
/// <list type="number">
/// <item>a full run: a fresh driver on a fresh compilation (so binding the methods is counted), after
/// warm-up runs, median of several;</item>
/// <item>an incremental run: the driver that has seen the project, after the body of one method was
/// edited; it checks through the tracked steps ("Lowered", "Models") that exactly that method's model is
/// Modified and every other one Cached or Unchanged, and that only its source is regenerated.</item>
/// </list>
/// Syntax trees are parsed once, outside the timings: parsing is the compiler's work, done with or
/// without the generator.
/// </summary>
public static class CompileTimeBenchmark
{
    private const string Lowered = "Lowered";
    private const string Models = "Models";

    /// <summary>.NET 8's reference assemblies and the GradGen runtime: what the synthetic projects compile against.</summary>
    internal static ImmutableArray<MetadataReference> References() => Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(DifferentiableAttribute).Assembly.Location))
        .ToImmutableArray();

    internal static CSharpCompilationOptions Options { get; } =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static int Run(string[] args)
    {
        int methods = IntOption(args, "--methods", 1_000);
        int runs = IntOption(args, "--runs", 9);
        int warmups = IntOption(args, "--warmups", 5);

        CSharpParseOptions parseOptions = new(LanguageVersion.CSharp12);
        ImmutableArray<MetadataReference> references = References();
        CSharpCompilationOptions options = Options;

        IReadOnlyList<(string Path, string Source)> files = SyntheticProject.Files(methods);
        SyntaxTree[] trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, parseOptions, f.Path)).ToArray();
        // Fresh trees each time: nothing parsed or bound is reused between measured runs.
        CSharpCompilation NewCompilation() => CSharpCompilation.Create(
            "SyntheticProject", files.Select(f => CSharpSyntaxTree.ParseText(f.Source, parseOptions, f.Path)), references, options);

        GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(
            new[] { new GradGenGenerator().AsSourceGenerator() },
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        Console.WriteLine($"GradGen compile-time benchmark: {methods:N0} [Differentiable] methods in {files.Count} files, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}.");

        // Validity: every method generates its members and the project with them compiles without errors.
        GeneratorDriver checkDriver = NewDriver().RunGeneratorsAndUpdateCompilation(NewCompilation(), out Compilation withGenerated, out ImmutableArray<Diagnostic> generatorDiagnostics);
        int generated = checkDriver.GetRunResult().GeneratedTrees.Length;
        Diagnostic[] errors = withGenerated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Concat(generatorDiagnostics).ToArray();
        if (generated != methods || errors.Length > 0)
        {
            Console.Error.WriteLine($"The synthetic project is not valid: {generated} generated files for {methods} methods, {errors.Length} errors.");
            foreach (Diagnostic error in errors.Take(10))
            {
                Console.Error.WriteLine("  " + error);
            }
            return 1;
        }
        Console.WriteLine($"Check: {generated:N0} generated files, the project with them compiles with 0 errors.");

        // Full generation.
        var full = new List<double>();
        var fullDriverReported = new List<double>();
        var stepTimes = new Dictionary<string, List<double>>();
        GeneratorRunResult lastFull = default;
        for (int i = 0; i < warmups + runs; i++)
        {
            CSharpCompilation compilation = NewCompilation();
            GeneratorDriver driver = NewDriver();

            // Cold: a new driver, so every run differentiates and writes all 1,000 methods.
            long start = Stopwatch.GetTimestamp();
            driver = driver.RunGenerators(compilation);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmups)
            {
                full.Add(ms);
                fullDriverReported.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                lastFull = driver.GetRunResult().Results.Single();
                foreach ((string step, double stepMs) in StepTimes(lastFull))
                {
                    (stepTimes.TryGetValue(step, out List<double>? list) ? list : stepTimes[step] = new List<double>()).Add(stepMs);
                }
            }
        }

        // Context: binding the same project without the generator (what the compiler does anyway).
        var bind = new List<double>();
        for (int i = 0; i < 1 + Math.Min(runs, 5); i++)
        {
            CSharpCompilation compilation = NewCompilation();
            long start = Stopwatch.GetTimestamp();
            _ = compilation.GetDiagnostics();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i > 0)
            {
                bind.Add(ms);
            }
        }

        // Context: the GradGen analyzer on the same project. It runs the front end only (lowering every
        // method), never differentiation or emission.
        var analyzer = new List<double>();
        for (int i = 0; i < 1 + Math.Min(runs, 5); i++)
        {
            CSharpCompilation compilation = NewCompilation();
            _ = compilation.GetDiagnostics();
            long start = Stopwatch.GetTimestamp();
            _ = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i > 0)
            {
                analyzer.Add(ms);
            }
        }

        // Incremental: edit one method's body in one file, rerun the driver that has seen the project.
        int editedFile = files.Count / 2;
        (string editedSource, string editedMethod) = SyntheticProject.EditedFile(editedFile, methods);
        SyntaxTree editedTree = CSharpSyntaxTree.ParseText(editedSource, parseOptions, files[editedFile].Path);
        CSharpCompilation baseline = NewCompilation();
        GeneratorDriver seen = NewDriver().RunGenerators(baseline);

        SyntaxTree unrelatedTree = CSharpSyntaxTree.ParseText("namespace SyntheticProject; internal static class Unrelated { }", parseOptions, "Unrelated.cs");
        var incremental = new List<double>();
        var noEdit = new List<double>();
        GeneratorRunResult? incrementalResult = null;
        for (int i = 0; i < warmups + runs; i++)
        {
            Compilation edited = baseline.ReplaceSyntaxTree(baseline.SyntaxTrees.ElementAt(editedFile), editedTree);
            long start = Stopwatch.GetTimestamp();
            GeneratorDriver after = seen.RunGenerators(edited);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmups)
            {
                incremental.Add(ms);
            }
            incrementalResult = after.GetRunResult().Results.Single();

            // For comparison: the same driver after an edit that touches no [Differentiable] method.
            Compilation withUnrelated = baseline.AddSyntaxTrees(unrelatedTree);
            start = Stopwatch.GetTimestamp();
            seen.RunGenerators(withUnrelated);
            ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmups)
            {
                noEdit.Add(ms);
            }
        }

        // Where the emit step's time goes: the generator's internal phases, called on the models of a run.
        object[] models = seen.GetRunResult().Results.Single().TrackedSteps[Models].SelectMany(r => r.Outputs).Select(o => o.Value).ToArray();
        (List<double> differentiate, List<double> emitAll) = EmitBreakdown(models, warmups, runs);

        string? failure = CheckIncremental(incrementalResult!.Value, methods, editedMethod);

        Console.WriteLine();
        Console.WriteLine("| Measurement | Median | Min | Max | Per method |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row($"Full generation, {methods:N0} methods (fresh driver, fresh compilation)", full, methods);
        Row("  same, as the driver's own timing (GetTimingInfo)", fullDriverReported, methods);
        foreach ((string step, List<double> times) in stepTimes)
        {
            Row($"  of which step '{step}' (sum of its tracked run times)", times, methods);
        }
        Row("    emit: differentiation, FGradient + FPullback bodies (Differentiator.Differentiate)", differentiate, methods);
        Row("    emit: all of it (MemberEmitter.Emit: both bodies + writing the source)", emitAll, methods);
        Row($"Incremental run after editing {editedMethod} (one method body)", incremental, null);
        Row("Incremental run after adding an unrelated file", noEdit, null);
        Row("Context: binding the whole project, no generator (GetDiagnostics)", bind, methods);
        Row("Context: GradGenAnalyzer (the front end only)", analyzer, methods);
        Console.WriteLine();
        Console.WriteLine($"Runs: {warmups} warm-up, {runs} measured (median reported).");
        Console.WriteLine();
        PrintByShape(lastFull);
        Console.WriteLine(Describe(incrementalResult!.Value));

        if (failure is not null)
        {
            Console.Error.WriteLine("FAILED: " + failure);
            return 1;
        }

        Console.WriteLine($"Incremental check passed: exactly one model Modified ({editedMethod}), the other {methods - 1:N0} Cached or Unchanged; one source regenerated.");
        double median = Median(full);
        // "Well under a second" is read as at most half a second.
        Console.WriteLine(median <= 500
            ? $"Target met: the whole project is generated in {median:F0} ms (well under 1 s: <= 500 ms)."
            : $"Target missed: the whole project takes {median:F0} ms; the target is well under 1 s (<= 500 ms).");
        return 0;
    }

    /// <summary>
    /// Times the emitter's phases on <paramref name="models"/> (internal members of the generator,
    /// reached by reflection: diagnostics only, not part of the contract).
    /// </summary>
    private static (List<double> Differentiate, List<double> Emit) EmitBreakdown(object[] models, int warmups, int runs)
    {
        Assembly generator = typeof(GradGenGenerator).Assembly;
        MethodInfo? emit = generator.GetType("GradGen.Generator.GeneratedFile")?.GetMethod("Emit", BindingFlags.NonPublic | BindingFlags.Static);
        MethodInfo? differentiate = generator.GetType("GradGen.Generator.Differentiation.Differentiator")?.GetMethod("Differentiate", BindingFlags.Public | BindingFlags.Static);
        Type? kind = generator.GetType("GradGen.Generator.Model.GeneratedMemberKind");
        var differentiateTimes = new List<double>();
        var emitTimes = new List<double>();
        if (emit is null || differentiate is null || kind is null)
        {
            return (differentiateTimes, emitTimes);
        }

        object gradient = Enum.Parse(kind, "Gradient"), pullback = Enum.Parse(kind, "Pullback");
        for (int i = 0; i < warmups + runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var bodies = new List<(object? Gradient, object? Pullback)>(models.Length);
            foreach (object model in models)
            {
                var byMember = (System.Collections.IDictionary)differentiate.Invoke(null, [model])!;
                bodies.Add((byMember[gradient], byMember[pullback]));
            }
            double differentiateMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            for (int m = 0; m < models.Length; m++)
            {
                emit.Invoke(null, [models[m], bodies[m].Gradient, bodies[m].Pullback]);
            }
            double emitMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmups)
            {
                differentiateTimes.Add(differentiateMs);
                emitTimes.Add(emitMs);
            }
        }
        return (differentiateTimes, emitTimes);
    }

    /// <summary>
    /// The emit step's mean time per method, by shape of method, in one full run. (The lowering step is
    /// tracked per file, not per method, so it cannot be split by shape.)
    /// </summary>
    private static void PrintByShape(GeneratorRunResult result)
    {
        var emitted = new Dictionary<string, List<double>>();
        foreach (IncrementalGeneratorRunStep run in result.TrackedOutputSteps.SelectMany(s => s.Value))
        {
            if (run.Inputs.Length != 1)
            {
                continue;
            }

            (IncrementalGeneratorRunStep source, int index) = run.Inputs[0];
            object? model = source.Outputs[index].Value;
            if (model?.GetType().GetProperty("Name")?.GetValue(model) is string name)
            {
                string shape = SyntheticProject.ShapeOf(name);
                if (!emitted.TryGetValue(shape, out List<double>? list))
                {
                    emitted[shape] = list = new List<double>();
                }
                list.Add(run.ElapsedTime.TotalMilliseconds);
            }
        }

        Console.WriteLine("Emit step (reverse mode + writing the source), mean per method by shape, last full run:");
        Console.WriteLine();
        Console.WriteLine("| Shape | Methods | Emit per method |");
        Console.WriteLine("|---|---:|---:|");
        foreach ((string shape, List<double> times) in emitted.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {shape} | {times.Count} | {times.Average() * 1000:F0} µs |"));
        }
        Console.WriteLine();
    }

    /// <summary>The time each tracked step (and each source output) took in one run, summed over its inputs.</summary>
    private static IEnumerable<(string Step, double Ms)> StepTimes(GeneratorRunResult result) =>
        result.TrackedSteps.Where(s => s.Key is Lowered or Models)
            .Concat(result.TrackedOutputSteps.Select(s => new KeyValuePair<string, ImmutableArray<IncrementalGeneratorRunStep>>("source output (emit)", s.Value)))
            .Select(s => (s.Key, s.Value.Sum(r => r.ElapsedTime.TotalMilliseconds)));

    /// <summary>Null when the edited run reran exactly one model; otherwise what went wrong.</summary>
    private static string? CheckIncremental(GeneratorRunResult result, int methods, string editedMethod)
    {
        foreach (string step in new[] { Lowered, Models })
        {
            if (!result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> runs))
            {
                return $"step '{step}' was not tracked.";
            }

            var reasons = runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
            int modified = reasons.Count(r => r == IncrementalStepRunReason.Modified);
            int same = reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
            if (reasons.Count != methods || modified != 1 || same != methods - 1)
            {
                return $"step '{step}': {reasons.Count} outputs, {modified} Modified, {same} Cached/Unchanged (expected {methods}, 1, {methods - 1}).";
            }
        }

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        if (outputs.Count(r => r != IncrementalStepRunReason.Cached) != 1)
        {
            return $"{outputs.Count(r => r != IncrementalStepRunReason.Cached)} sources regenerated, expected 1.";
        }

        GeneratedSourceResult source = result.GeneratedSources.Single(s => s.HintName.Contains("." + editedMethod + ".", StringComparison.Ordinal));
        if (!source.SourceText.ToString().Contains("+ 0.25", StringComparison.Ordinal))
        {
            return $"the regenerated source of {editedMethod} does not contain the edit.";
        }
        return null;
    }

    private static string Describe(GeneratorRunResult result)
    {
        string Count(IEnumerable<IncrementalStepRunReason> reasons) =>
            string.Join(", ", reasons.GroupBy(r => r).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"));

        var lines = new List<string> { "Tracked steps of the incremental run:" };
        foreach (string step in new[] { Lowered, Models })
        {
            lines.Add($"  {step}: {Count(result.TrackedSteps[step].SelectMany(r => r.Outputs).Select(o => o.Reason))}");
        }
        lines.Add($"  source outputs: {Count(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason))}");
        return string.Join(Environment.NewLine, lines);
    }

    private static void Row(string label, List<double> ms, int? methods)
    {
        if (ms.Count == 0)
        {
            Console.WriteLine($"| {label} | n/a | | | |");
            return;
        }

        double median = Median(ms);
        string perMethod = methods is int n ? string.Create(CultureInfo.InvariantCulture, $"{median * 1000 / n:F0} µs") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {median:F1} ms | {ms.Min():F1} ms | {ms.Max():F1} ms | {perMethod} |"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }
}
