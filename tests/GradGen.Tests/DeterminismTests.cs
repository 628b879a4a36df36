using System.Globalization;
using GradGen.Tests.Infrastructure;
using GradGen.Tests.Robustness;
using Microsoft.CodeAnalysis;

namespace GradGen.Tests;

/// <summary>
/// Generated text is the same bytes in every run and under every culture: a build machine set to French (a comma
/// decimal separator) or to a culture whose minus sign is U+2212 must not write <c>0,5</c> or <c>−1</c> into C#.
/// </summary>
public class DeterminismTests
{
    private static CultureInfo Unusual()
    {
        // Built by hand, so the test does not depend on the machine's ICU data: a comma decimal separator, a
        // non-ASCII minus sign, a non-ASCII group separator, and a different digit grouping.
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.PositiveSign = "\u002B";
        culture.NumberFormat.NumberGroupSeparator = "\u00A0";
        culture.NumberFormat.NaNSymbol = "NeuN";
        culture.NumberFormat.PositiveInfinitySymbol = "\u221E";
        return culture;
    }

    private static Dictionary<string, string> Generate(IEnumerable<SeedSource> seeds, CultureInfo culture)
    {
        CultureInfo current = CultureInfo.CurrentCulture, currentUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var all = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (SeedSource seed in seeds)
            {
                foreach ((string hint, string text) in GeneratorHarness.Run(seed.Text).Sources)
                {
                    all[seed.Origin + "/" + hint] = text;
                }
            }

            return all;
        }
        finally
        {
            CultureInfo.CurrentCulture = current;
            CultureInfo.CurrentUICulture = currentUi;
        }
    }

    [Fact]
    public void GeneratedTextIsTheSameUnderEveryCultureAndInEveryRun()
    {
        // Sources of the corpus that compile and whose generated code holds number literals, negative ones included.
        List<SeedSource> seeds = FuzzCorpus.All
            .Where(s => !GeneratorHarness.Compile(s.Text).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            .Take(200)
            .ToList();
        Dictionary<string, string> invariant = Generate(seeds, CultureInfo.InvariantCulture);
        Assert.True(invariant.Count >= 60, $"only {invariant.Count} generated files: the check would prove little");
        Assert.Contains(invariant.Values, t => t.Contains("0.5", StringComparison.Ordinal) || t.Contains(".0", StringComparison.Ordinal));

        Dictionary<string, string> again = Generate(seeds, CultureInfo.InvariantCulture);
        Dictionary<string, string> unusual = Generate(seeds, Unusual());
        foreach ((string name, string text) in invariant)
        {
            Assert.True(again.TryGetValue(name, out string? second) && second == text, $"{name} differs between two runs");
            Assert.True(unusual.TryGetValue(name, out string? other) && other == text, $"{name} differs under a culture with ',' and U+2212");
        }

        Assert.Equal(invariant.Count, unusual.Count);
        Assert.DoesNotContain(unusual.Values, t => t.Contains('\u2212') || t.Contains("NeuN", StringComparison.Ordinal) || t.Contains('\u221E'));
    }
}
