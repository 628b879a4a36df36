using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace GradGen.Tests.Robustness;

/// <summary>
/// "Never code that does not compile": every source of the corpus (<see cref="FuzzCorpus"/>: the
/// numeric tests, the samples, the benchmarks, the docs' examples and the sources embedded in these
/// tests) that compiles on its own still compiles with GradGen's generated code added.
/// </summary>
public class GeneratedCodeCompilesTests(ITestOutputHelper output)
{
    [Fact]
    public void GeneratedCodeCompilesWheneverItsInputDoes()
    {
        int compiling = 0, generated = 0;
        var failures = new List<string>();
        foreach (SeedSource seed in FuzzCorpus.All)
        {
            Compilation input = GeneratorHarness.Compile(seed.Text);
            if (input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) continue;
            compiling++;
            GeneratorRun run = GeneratorHarness.Run(seed.Text);
            generated += run.Sources.Count;
            var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                failures.Add($"{seed.Origin}: {errors.Count} error(s), first: {errors[0]}");
            }
        }

        output.WriteLine($"{compiling} of {FuzzCorpus.All.Count} corpus sources compile on their own; GradGen generated {generated} files for them.");
        Assert.True(compiling >= 20, $"Only {compiling} corpus sources compile on their own; the check would prove little.");
        Assert.True(failures.Count == 0, "Generated code does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, failures));
    }
}
