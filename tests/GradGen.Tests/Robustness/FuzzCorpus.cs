using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Tests.Robustness;

/// <summary>One seed of the fuzz corpus: a C# source and where it came from.</summary>
internal sealed record SeedSource(string Origin, string Text);

/// <summary>
/// The fuzz corpus: every C# source the repository has for testing, read at test time from the
/// repository (found by walking up from the test binaries to the folder with GradGen.sln):
/// <list type="bullet">
/// <item>every *.cs file of tests/GradGen.Numerics.Tests, samples/ and tests/GradGen.Benchmarks (if present);</item>
/// <item>the ```csharp blocks of docs/diagnostics/*.md (some deliberately invalid);</item>
/// <item>the raw string literals in tests/GradGen.Tests/**/*.cs that mention Differentiable, with the
/// analyzer-test markup (<c>{|GG0001:</c>, <c>|}</c>, <c>[|</c>, <c>|]</c>) stripped.</item>
/// </list>
/// Identical texts are kept once. The order is deterministic (ordinal by path), so a variant index
/// always names the same seed and mutations for a given repository state.
/// </summary>
internal static partial class FuzzCorpus
{
    private static readonly Lazy<IReadOnlyList<SeedSource>> Seeds = new(Collect);

    public static IReadOnlyList<SeedSource> All => Seeds.Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    [GeneratedRegex(@"```(?:csharp|cs|c#)[ \t]*\r?\n(.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    [GeneratedRegex(@"\{\|[^:|{}\s]*:")]
    private static partial Regex MarkupStart();

    private static string FindRepositoryRoot()
    {
        // The test binaries live under the repository; the working directory is the fallback (a
        // scratch program that reuses the corpus).
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "GradGen.sln"))) return dir.FullName;
            }
        }

        throw new InvalidOperationException("No GradGen.sln above " + AppContext.BaseDirectory + ": the fuzz corpus is read from the repository.");
    }

    /// <summary>Removes the diagnostic markup of the Roslyn analyzer-test format, leaving plain C#.</summary>
    public static string StripMarkup(string text) =>
        MarkupStart().Replace(text, string.Empty).Replace("|}", string.Empty, StringComparison.Ordinal)
            .Replace("[|", string.Empty, StringComparison.Ordinal).Replace("|]", string.Empty, StringComparison.Ordinal);

    private static IReadOnlyList<SeedSource> Collect()
    {
        var seeds = new List<SeedSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string origin, string text)
        {
            if (string.IsNullOrWhiteSpace(text) || !seen.Add(text)) return;
            seeds.Add(new SeedSource(origin, text));
        }

        foreach (string file in SourceFiles(Path.Combine("tests", "GradGen.Numerics.Tests")))
        {
            Add(Relative(file), File.ReadAllText(file));
        }

        foreach (string file in SourceFiles("samples"))
        {
            Add(Relative(file), File.ReadAllText(file));
        }

        foreach (string file in SourceFiles(Path.Combine("tests", "GradGen.Benchmarks")))
        {
            Add(Relative(file), File.ReadAllText(file));
        }

        string docs = Path.Combine(RepositoryRoot, "docs", "diagnostics");
        if (Directory.Exists(docs))
        {
            foreach (string file in Directory.GetFiles(docs, "*.md").OrderBy(f => f, StringComparer.Ordinal))
            {
                int block = 0;
                foreach (Match match in CSharpFence().Matches(File.ReadAllText(file)))
                {
                    Add($"{Relative(file)} (code block {block++})", match.Groups[1].Value);
                }
            }
        }

        foreach (string file in SourceFiles(Path.Combine("tests", "GradGen.Tests")))
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), new CSharpParseOptions(LanguageVersion.Preview), file);
            int literal = 0;
            foreach (SyntaxToken token in tree.GetRoot().DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken) && !token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)) continue;
                string value = token.ValueText;
                if (!value.Contains("Differentiable", StringComparison.Ordinal)) continue;
                int line = token.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                Add($"{Relative(file)}:{line} (raw string {literal++})", StripMarkup(value));
            }
        }

        return seeds;
    }

    private static IEnumerable<string> SourceFiles(string relativeDirectory)
    {
        string directory = Path.Combine(RepositoryRoot, relativeDirectory);
        if (!Directory.Exists(directory)) return Array.Empty<string>();
        return Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(Path.GetRelativePath(directory, f)))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
            .Any(part => part is "bin" or "obj");

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');
}
