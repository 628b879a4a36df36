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

    private const string WithHelper = """
        using System;
        using GradGen;
        namespace Samples;
        public static partial class Models
        {
            private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

            [Differentiable]
            public static double A(double w) => Sigmoid(w) * w;

            [Differentiable]
            public static double B(double w) => Sigmoid(2 * w);
        }
        """;

    [Fact]
    public void HelperWithoutTheAttributeIsGeneratedOnceAndCachedLikeTheRest()
    {
        Compilation compilation = GeneratorHarness.Compile(WithHelper, Unrelated);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();
        Assert.Single(first.GeneratedSources, s => s.HintName.Contains(".Sigmoid.", StringComparison.Ordinal));
        Assert.Equal(3, first.GeneratedSources.Length);

        // An unrelated edit: nothing runs again, the helper's steps included.
        GeneratorRunResult unrelated = driver.RunGenerators(Replace(compilation, 1, Unrelated.Replace("2 * n", "n + n"))).GetRunResult().Results.Single();
        foreach (string step in new[] { TrackingNames.Models, TrackingNames.ImplicitCallees, TrackingNames.GeneratedImplicit })
        {
            Assert.All(unrelated.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }

        // An edit to the helper: both callers' models change (they hold the helper's), and its pullback is written again.
        GeneratorRunResult edited = driver.RunGenerators(Replace(compilation, 0, WithHelper.Replace("1 / (1 + Math.Exp(-z))", "0.5 * (1 + Math.Tanh(z / 2))"))).GetRunResult().Results.Single();
        Assert.All(edited.TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
        Assert.Contains(edited.TrackedSteps[TrackingNames.GeneratedImplicit].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(edited.GeneratedSources, s => s.HintName.Contains(".Sigmoid.", StringComparison.Ordinal) && s.SourceText.ToString().Contains("Tanh", StringComparison.Ordinal));
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
