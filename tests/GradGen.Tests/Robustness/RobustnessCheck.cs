using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using GradGen.Generator;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradGen.Tests.Robustness;

/// <summary>
/// One way GradGen broke on an input. <see cref="Kind"/> groups failures with the same cause (the
/// diagnostic id or exception type and the innermost GradGen stack frame); <see cref="Details"/>
/// holds the message and stack trace.
/// </summary>
internal sealed record RobustnessFailure(string Stage, string Kind, string Details)
{
    /// <summary>Set when the compiler alone, without GradGen, throws the same exception on the same
    /// input: a bug of the compiler (Roslyn), reported but not held against GradGen.</summary>
    public string? CompilerCrash { get; init; }

    public override string ToString() => $"[{Stage}] {Kind}\n{Details}";
}

/// <summary>
/// Runs the generator and the analyzer over one source the way the compiler and the IDE do, and
/// collects every sign that GradGen threw: CS8784/CS8785 from the generator driver, an exception on
/// a generator's run result, AD0001 or an analyzer-exception callback, GG9999 (the analyzer's own
/// internal-error report, which means an exception happened inside), and any exception that escapes
/// the driver or the analyzer host.
/// </summary>
internal static partial class RobustnessCheck
{
    /// <summary>The implicit usings of an SDK console/library project: the samples rely on them.</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly Assembly GeneratorAssembly = typeof(GradGenGenerator).Assembly;

    /// <summary>Stack traces of exceptions thrown inside GradGen, captured when thrown, keyed by
    /// "Type: message". GG9999 carries only the type and message; this recovers where it came from.</summary>
    private static readonly ConcurrentDictionary<string, string> ThrownInGradGen = new(StringComparer.Ordinal);

    static RobustnessCheck()
    {
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            try
            {
                var trace = new StackTrace(1, fNeedFileInfo: true);
                if (!trace.GetFrames().Any(IsGradGenFrame)) return;
                ThrownInGradGen.TryAdd(e.Exception.GetType().Name + ": " + e.Exception.Message, FormatFrames(trace.GetFrames(), 25));
            }
            catch
            {
                // Never let the diagnostics of the test disturb the code under test.
            }
        };
    }

    /// <summary>Checks <paramref name="source"/> (plus the implicit usings) with a fresh generator driver
    /// and the analyzer, on the input and on the input plus the generated sources.</summary>
    public static List<RobustnessFailure> Check(string source, CancellationToken cancellationToken = default) =>
        Check(new[] { source }, cancellationToken);

    /// <summary>Checks a compilation of <paramref name="sources"/> (one file each) plus the implicit usings.</summary>
    public static List<RobustnessFailure> Check(IReadOnlyList<string> sources, CancellationToken cancellationToken = default)
    {
        var failures = new List<RobustnessFailure>();
        Compilation? input = Guard("compile", failures, () => Compile(sources));
        if (input is null) return failures;

        Compilation? output = Guard("generator", failures, () =>
        {
            GeneratorDriver driver = GeneratorHarness.CreateDriver()
                .RunGeneratorsAndUpdateCompilation(input, out Compilation result, out ImmutableArray<Diagnostic> diagnostics, cancellationToken);
            CheckGeneratorRun("generator", driver.GetRunResult(), diagnostics, failures);
            return result;
        });

        Guard("analyzer on the input", failures, () => Analyze("analyzer on the input", input, failures, cancellationToken));
        if (output is not null)
        {
            Guard("analyzer on input + generated code", failures, () => Analyze("analyzer on input + generated code", output, failures, cancellationToken));
        }

        return AttributeCompilerCrashes(failures, sources);
    }

    /// <summary>The failures that are GradGen's: those not marked as a crash of the compiler itself.</summary>
    public static List<RobustnessFailure> OfGradGen(this IEnumerable<RobustnessFailure> failures) =>
        failures.Where(f => f.CompilerCrash is null).ToList();

    /// <summary>
    /// The compiler itself (Roslyn) throws on some malformed inputs, with or without GradGen. When the
    /// compiler alone, with no generator and no analyzer, throws on <paramref name="sources"/>, every
    /// failure that shows the very same exception (type and message) is marked as that compiler crash.
    /// Anything else stays GradGen's.
    /// </summary>
    private static List<RobustnessFailure> AttributeCompilerCrashes(List<RobustnessFailure> failures, IReadOnlyList<string> sources)
    {
        if (failures.Count == 0) return failures;
        Exception? crash = null;
        try
        {
            _ = Compile(sources).GetDiagnostics();
        }
        catch (Exception ex)
        {
            crash = ex;
        }

        if (crash is null) return failures;
        string type = crash.GetType().Name, message = FirstLine(crash.Message);
        return failures
            .Select(f => f.Details.Contains(type, StringComparison.Ordinal) && f.Details.Contains(message, StringComparison.Ordinal)
                ? f with { CompilerCrash = $"{type}: {message} (thrown by CSharpCompilation.GetDiagnostics() alone, at {FirstFrame(crash)})" }
                : f)
            .ToList();
    }

    private static string FirstFrame(Exception ex)
    {
        StackFrame? frame = new StackTrace(ex, fNeedFileInfo: false).GetFrames().FirstOrDefault();
        return frame is null ? "?" : FormatFrame(frame);
    }

    /// <summary>The compilation <see cref="Check(IReadOnlyList{string}, CancellationToken)"/> checks:
    /// the sources as Input0.cs, Input1.cs, ... and the implicit usings last.</summary>
    public static Compilation Compile(IReadOnlyList<string> sources) =>
        GeneratorHarness.Compile(sources.Append(ImplicitUsings).ToArray());

    /// <summary>Runs <paramref name="driver"/> (which has already run on an earlier state of the code)
    /// on <paramref name="edited"/>, as the IDE does after an edit, and checks the generator's run.</summary>
    public static List<RobustnessFailure> CheckIncremental(GeneratorDriver driver, Compilation edited, IReadOnlyList<string> sources, CancellationToken cancellationToken = default)
    {
        var failures = new List<RobustnessFailure>();
        Guard("generator (incremental, after the unmutated seed)", failures, () =>
        {
            GeneratorDriver next = driver.RunGeneratorsAndUpdateCompilation(edited, out Compilation _, out ImmutableArray<Diagnostic> diagnostics, cancellationToken);
            CheckGeneratorRun("generator (incremental, after the unmutated seed)", next.GetRunResult(), diagnostics, failures);
            return next;
        });
        return AttributeCompilerCrashes(failures, sources);
    }

    private static void CheckGeneratorRun(string stage, GeneratorDriverRunResult run, ImmutableArray<Diagnostic> driverDiagnostics, List<RobustnessFailure> failures)
    {
        bool threw = false;
        foreach (GeneratorRunResult result in run.Results)
        {
            if (result.Exception is { } ex)
            {
                threw = true;
                failures.Add(FromException(stage, "generator threw (CS8785, GeneratorRunResult.Exception)", ex));
            }
        }

        foreach (Diagnostic d in driverDiagnostics.Concat(run.Diagnostics).Distinct())
        {
            // The exception behind CS8784/CS8785 is on the run result (reported above, with its stack);
            // the diagnostic alone is a failure too, should a driver report it without one.
            if (d.Id is "CS8784" or "CS8785" && !threw)
            {
                failures.Add(new RobustnessFailure(stage, d.Id + " " + FirstLine(d.GetMessage()), d.ToString()));
            }

            // Differentiation or emission failed on a method the front end accepted.
            if (d.Id == "GG9999")
            {
                failures.Add(new RobustnessFailure(stage, "GG9999 (generator) " + FirstLine(d.GetMessage()), d.ToString()));
            }
        }
    }

    private static bool Analyze(string stage, Compilation compilation, List<RobustnessFailure> failures, CancellationToken cancellationToken)
    {
        var exceptions = new ConcurrentQueue<(Exception Exception, Diagnostic Diagnostic)>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (ex, _, diagnostic) => exceptions.Enqueue((ex, diagnostic)),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        CompilationWithAnalyzers host = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GradGenAnalyzer()), options);
        ImmutableArray<Diagnostic> diagnostics = host.GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();

        foreach ((Exception ex, _) in exceptions)
        {
            failures.Add(FromException(stage, "analyzer exception (AD0001)", ex));
        }

        foreach (Diagnostic d in diagnostics)
        {
            if (d.Id == "AD0001")
            {
                failures.Add(new RobustnessFailure(stage, "AD0001 " + FirstLine(d.GetMessage()), d.ToString()));
            }
            else if (d.Id == "GG9999")
            {
                string message = d.GetMessage();
                string? stack = ThrownInGradGen.FirstOrDefault(kv => message.Contains(kv.Key, StringComparison.Ordinal)).Value;
                string where = stack is null ? string.Empty : " at " + FirstLine(stack).Trim();
                string exceptionType = message.Contains('(') ? message.Substring(message.IndexOf('(') + 1).Split(':')[0] : "?";
                failures.Add(new RobustnessFailure(stage, "GG9999 " + exceptionType + where,
                    d + "\n" + (stack is null ? "(stack trace not captured)" : "thrown at (captured when thrown):\n" + stack)));
            }
        }

        return true;
    }

    private static T? Guard<T>(string stage, List<RobustnessFailure> failures, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (OperationCanceledException ex)
        {
            failures.Add(new RobustnessFailure(stage, "timed out (cancelled)", ex.ToString()));
            return default;
        }
        catch (Exception ex)
        {
            failures.Add(FromException(stage, "exception escaped the host", ex));
            return default;
        }
    }

    internal static RobustnessFailure FromException(string stage, string how, Exception ex)
    {
        StackFrame[] frames = new StackTrace(ex, fNeedFileInfo: true).GetFrames();
        StackFrame? top = frames.FirstOrDefault(IsGradGenFrame);
        string where = top is null ? string.Empty : " at " + FormatFrame(top);
        return new RobustnessFailure(stage, $"{how}: {ex.GetType().Name}: {Normalize(FirstLine(ex.Message))}{where}", ex.ToString());
    }

    /// <summary>The message with quoted names masked, so that one bug hit with different names is one kind.</summary>
    private static string Normalize(string message) => QuotedName().Replace(message, "'…'");

    [System.Text.RegularExpressions.GeneratedRegex("'[^']*'")]
    private static partial System.Text.RegularExpressions.Regex QuotedName();

    private static bool IsGradGenFrame(StackFrame frame) => frame.GetMethod()?.DeclaringType?.Assembly == GeneratorAssembly;

    private static string FormatFrames(StackFrame[] frames, int max)
    {
        var sb = new StringBuilder();
        int written = 0;
        bool started = false;
        foreach (StackFrame frame in frames)
        {
            // Start at the first GradGen frame: what is above it is the runtime's dispatch of the event.
            started |= IsGradGenFrame(frame);
            if (!started) continue;
            sb.Append("   at ").AppendLine(FormatFrame(frame));
            if (++written == max) break;
        }

        return sb.ToString();
    }

    private static string FormatFrame(StackFrame frame)
    {
        MethodBase? method = frame.GetMethod();
        string name = method is null ? "?" : $"{method.DeclaringType?.FullName}.{method.Name}";
        string? file = frame.GetFileName();
        return file is null ? name : $"{name} in {RelativeToRepository(file)}:{frame.GetFileLineNumber()}";
    }

    private static string RelativeToRepository(string file)
    {
        int src = file.Replace('\\', '/').LastIndexOf("/src/", StringComparison.Ordinal);
        return src < 0 ? file : file.Substring(src + 1).Replace('\\', '/');
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n');
        return (newline < 0 ? text : text.Substring(0, newline)).TrimEnd('\r');
    }
}
