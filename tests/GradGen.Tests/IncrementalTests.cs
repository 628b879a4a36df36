using System.Collections;
using System.Reflection;
using GradGen.Generator;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Tests;

/// <summary>
/// The incremental pipeline caches: an edit elsewhere leaves every tracked step Cached or Unchanged,
/// an edit to a differentiable method makes its model Modified, and no step output holds a
/// Compilation, symbol or syntax node (which would defeat caching and leak memory in the IDE).
/// </summary>
public class IncrementalTests
{
    private const string Losses = """
        using GradGen;
        namespace Samples;
        public static partial class Losses
        {
            [Differentiable]
            public static double Quadratic(double x, double y) => x * x + 3 * y * y;

            [Differentiable]
            public static double Cubic(double x) => x * x * x;
        }
        """;

    private const string Unrelated = """
        namespace Samples;
        public static class Helpers
        {
            public static int Twice(int n) => 2 * n;
        }
        """;

    private static readonly string[] TrackedSteps = { TrackingNames.Lowered, TrackingNames.Models, TrackingNames.Generated };

    private static (GeneratorDriver Driver, Compilation Compilation) FirstRun()
    {
        Compilation compilation = GeneratorHarness.Compile(Losses, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        return (driver, compilation);
    }

    private static Compilation Replace(Compilation compilation, int index, string newText)
    {
        SyntaxTree old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(newText, GeneratorHarness.ParseOptions, old.FilePath));
    }

    [Fact]
    public void UnrelatedEditLeavesEveryStepCached()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun();
        Compilation edited = Replace(compilation, 1, Unrelated.Replace("2 * n", "n + n"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            IEnumerable<IncrementalStepRunReason> reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void AddingAFileLeavesTheModelsCached()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun();
        Compilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Samples; class Extra { }", GeneratorHarness.ParseOptions, "Extra.cs"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, output.Reason.ToString()));
    }

    [Fact]
    public void EditingADifferentiableMethodModifiesOnlyItsModel()
    {
        (GeneratorDriver driver, Compilation compilation) = FirstRun();
        Compilation edited = Replace(compilation, 0, Losses.Replace("x * x * x", "x * x * x + x"));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(2, reasons.Count);
        Assert.Single(reasons, IncrementalStepRunReason.Modified);
        Assert.Single(reasons, r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        Assert.Contains(result.GeneratedSources, s => s.HintName.Contains(".Cubic.", StringComparison.Ordinal) && s.SourceText.ToString().Contains("x * x * x + x", StringComparison.Ordinal));
    }

    [Fact]
    public void StepOutputsHoldNoCompilerObjects()
    {
        (GeneratorDriver driver, _) = FirstRun();
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        foreach (string step in TrackedSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, _) in run.Outputs)
                {
                    AssertNoCompilerObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
                }
            }
        }
    }

    private static void AssertNoCompilerObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is Compilation or ISymbol or SyntaxNode or SemanticModel or SyntaxTree or Location, $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable sequence)
        {
            int i = 0;
            foreach (object? item in sequence) AssertNoCompilerObjects(item, seen, $"{path}[{i++}]");
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), seen, path + "." + field.Name);
        }
    }
}
