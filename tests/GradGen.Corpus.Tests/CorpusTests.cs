using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace GradGen.Corpus.Tests;

/// <summary>
/// Every program of the corpus, compiled with GradGen's generator and analyzer, must do what the manifest
/// (<see cref="Expected"/>) says it does today: pass the finite-difference check, be rejected with exactly the
/// listed GG errors, or (a tracked bug) still have a wrong gradient.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (string file in CorpusCompiler.ProgramFiles()) data.Add(file);
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void ProgramHasItsExpectedOutcome(string file)
    {
        GenerationResult result = CorpusCompiler.Generate(file);
        Expected.Outcomes.TryGetValue(file, out Expectation? expected);
        string expectedText = expected?.ToString() ?? "no entry in Expected.cs";

        // Whatever the expectation, GradGen must neither crash nor write code that does not compile.
        if (result.GeneratorExceptions.Count > 0 || result.AnalyzerFindings.Any(f => f.Id == "GG9999")
            || result.GeneratedErrors.Count > 0 || result.OtherErrors.Count > 0)
        {
            Assert.Fail($"{file}: GradGen crashed or generated code that does not compile (expected: {expectedText})\n{result.Describe()}");
        }

        Expectation actual;
        string details = result.Describe();
        if (result.ErrorIds.Count > 0)
        {
            actual = new Expectation(OutcomeKind.Rejected, result.ErrorIds, "");
        }
        else if (result.ProgramErrors.Count > 0 || result.Image is null)
        {
            // No GG error, yet the program does not compile with the generated code: GradGen generated nothing
            // without saying why, or members the contract does not describe (or Harness.Gradient is mistyped).
            Assert.Fail($"{file}: no GG error, but the program does not compile with GradGen (expected: {expectedText})\n{details}");
            return;
        }
        else
        {
            var (comparisons, report) = CheckGradient(result);
            actual = comparisons.All(c => c.Ok)
                ? new Expectation(OutcomeKind.Passes, [], "")
                : new Expectation(OutcomeKind.WrongGradient, [], WrongNote(comparisons));
            details = report + "\n" + details;
        }
        output.WriteLine($"{file}: {actual}\n{details}");

        bool same = expected is not null && expected.Kind == actual.Kind
            && expected.Ids.Order(StringComparer.Ordinal).SequenceEqual(actual.Ids);
        Assert.True(same, $"{file}: expected {expectedText}, actual {actual}"
            + (actual.Kind == OutcomeKind.WrongGradient ? " -- the gradient does not match finite differences: a GradGen bug" : "")
            + $"\nmanifest entry for what happens today: [\"{file}\"] = {actual},\n{details}");
    }

    private static string WrongNote(List<FiniteDifferences.Comparison> comparisons)
    {
        var off = comparisons.Where(c => !c.Ok).Select(c => c.Component).ToList();
        return $"{off.Count} of {comparisons.Count} components off: {string.Join(", ", off.Take(10))}";
    }

    private static (List<FiniteDifferences.Comparison> Comparisons, string Report) CheckGradient(GenerationResult result)
    {
        using var harness = new LoadedHarness(result.Image!);
        double[] theta = harness.Start();
        double loss = harness.Loss(theta);
        Assert.True(double.IsFinite(loss), $"{result.FileName}: Loss(Start()) = {loss}");
        double[] gradient = harness.Gradient(theta);
        Assert.True(gradient.Length == theta.Length, $"{result.FileName}: Gradient has {gradient.Length} components, Start {theta.Length}");
        double[] fd = FiniteDifferences.Gradient(harness.Loss, theta);
        var comparisons = FiniteDifferences.Compare(gradient, fd);
        int off = comparisons.Count(c => !c.Ok);
        string report = $"loss {loss:R} at {theta.Length} parameters; {off} component(s) off; worst:\n{FiniteDifferences.Worst(comparisons)}";
        return (comparisons, report);
    }

    /// <summary>
    /// Each program is valid C# on its own: without the generator, its only errors are the references to
    /// generated members in <c>Harness.Gradient</c>; without that method it compiles, and its loss runs, is finite
    /// and smooth at <c>Start()</c> (central differences with two steps agree), so the finite-difference check means
    /// something the day GradGen accepts the program.
    /// </summary>
    [Theory]
    [MemberData(nameof(Programs))]
    public void ProgramIsValidCSharpWithoutGradGen(string file)
    {
        SyntaxTree tree = CorpusCompiler.Parse(file);
        var parseErrors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(parseErrors.Count == 0, $"{file} does not parse:\n{string.Join("\n", parseErrors.Select(d => "    " + Finding.Of(d)))}");

        ClassDeclarationSyntax harness = CorpusCompiler.HarnessOf(tree);
        MethodDeclarationSyntax HarnessMethod(string name, string returns, string parameters)
        {
            var methods = harness.Members.OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.Text == name).ToList();
            Assert.True(methods.Count == 1, $"{file}: Harness must declare exactly one {name}");
            MethodDeclarationSyntax m = methods[0];
            Assert.True(m.Modifiers.Any(SyntaxKind.PublicKeyword) && m.Modifiers.Any(SyntaxKind.StaticKeyword), $"{file}: Harness.{name} must be public static");
            string actual = m.ReturnType + " " + name + "(" + string.Join(", ", m.ParameterList.Parameters.Select(p => p.Type!.ToString())) + ")";
            Assert.Equal(returns + " " + name + "(" + parameters + ")", actual);
            return m;
        }
        HarnessMethod("Start", "double[]", "");
        HarnessMethod("Loss", "double", "double[]");
        MethodDeclarationSyntax gradient = HarnessMethod("Gradient", "double[]", "double[]");

        // 1. Without the generator, the only errors are the generated members Harness.Gradient calls.
        var errors = CorpusCompiler.CompilationOf(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var unexpected = errors.Where(d => !gradient.Span.Contains(d.Location.SourceSpan) || d.Id is not ("CS0117" or "CS8130" or "CS8183")).ToList();
        Assert.True(unexpected.Count == 0, $"{file}: without GradGen, errors other than missing generated members in Harness.Gradient:\n"
            + string.Join("\n", unexpected.Select(d => "    " + Finding.Of(d))));
        var missing = errors.Where(d => d.Id == "CS0117").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(missing.Count > 0, $"{file}: Harness.Gradient calls no generated member");
        Assert.All(missing, m => Assert.Matches(@"definition for '\w+(Gradient|ValueAndGradient|Pullback)'", m));

        // 2. Without Harness.Gradient the program compiles, and its loss is finite and smooth at the start point.
        SyntaxNode stripped = tree.GetRoot().RemoveNode(gradient, SyntaxRemoveOptions.KeepNoTrivia)!;
        SyntaxTree strippedTree = CSharpSyntaxTree.Create((CSharpSyntaxNode)stripped, CorpusCompiler.ParseOptions, file);
        byte[] image = CorpusCompiler.EmitOrFail(CorpusCompiler.CompilationOf(strippedTree), file + " without Harness.Gradient");
        using var loaded = new LoadedHarness(image, withGradient: false);
        double[] theta = loaded.Start();
        Assert.True(theta.Length > 0 && theta.All(double.IsFinite), $"{file}: Start() must be a non-empty finite vector");
        double loss = loaded.Loss(theta);
        Assert.True(double.IsFinite(loss), $"{file}: Loss(Start()) = {loss}");
        Assert.True(BitConverter.DoubleToInt64Bits(loss) == BitConverter.DoubleToInt64Bits(loaded.Loss(theta)), $"{file}: Loss is not deterministic");
        double[] fd = FiniteDifferences.Gradient(loaded.Loss, theta);
        double[] fdWide = FiniteDifferences.Gradient(loaded.Loss, theta, stepScale: 4);
        var rough = Enumerable.Range(0, theta.Length)
            .Where(i => !(Math.Abs(fd[i] - fdWide[i]) <= 1e-6 * (1 + Math.Abs(fd[i]))))
            .Select(i => $"    [{i}] step h: {fd[i]:R}, step 4h: {fdWide[i]:R}").ToList();
        Assert.True(rough.Count == 0, $"{file}: the loss is not smooth at Start() (a kink or noise near it: move Start):\n{string.Join("\n", rough)}");
    }

    [Fact]
    public void ManifestListsExactlyTheProgramFiles()
    {
        var files = CorpusCompiler.ProgramFiles();
        var unlisted = files.Where(f => !Expected.Outcomes.ContainsKey(f)).ToList();
        var stale = Expected.Outcomes.Keys.Where(k => !files.Contains(k)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unlisted.Count == 0 && stale.Count == 0,
            $"programs without a manifest entry: [{string.Join(", ", unlisted)}]; entries without a program: [{string.Join(", ", stale)}]");
        Assert.True(files.Count >= 32, $"the corpus has {files.Count} programs; it should keep at least 32");
        Assert.All(Expected.Outcomes.Values.Where(e => e.Kind == OutcomeKind.Rejected), e =>
        {
            Assert.NotEmpty(e.Ids);
            Assert.Equal(e.Ids.Distinct().Order(StringComparer.Ordinal), e.Ids);
        });
    }
}
