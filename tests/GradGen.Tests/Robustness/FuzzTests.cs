using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace GradGen.Tests.Robustness;

/// <summary>
/// "No input, however malformed, makes the generator or an analyzer throw." The generator and the
/// analyzer run over thousands of truncated and randomly damaged copies of every test source of the
/// repository (<see cref="FuzzCorpus"/>), with a fixed seed; no variant may produce CS8784/CS8785, a
/// generator exception, AD0001, GG9999 or an exception out of the compiler's host.
/// </summary>
/// <remarks>
/// The variants, by index: first every seed unmutated; then, per seed, truncations at
/// <see cref="TruncationsPerSeed"/> sampled token boundaries; then <see cref="RandomVariants"/>
/// variants with 1-3 random mutations each (<see cref="Mutator"/>), seeded from the index alone, some
/// compiled together with a second, undamaged seed. Each variant runs with a fresh driver (the
/// command-line compiler) and with a driver that has already run on its unmutated seed (the IDE
/// after an edit). A failure names the variant index, the seed, the mutations and writes the
/// variant's sources to a temp directory; set GRADGEN_FUZZ_ONLY=12,345 to rerun only those variants.
/// The indices hold for one state of the repository: the corpus is read from it.
/// An exception that the compiler alone also throws on the same input is Roslyn's, not GradGen's: it is
/// logged, not failed (<see cref="RobustnessCheck"/>).
/// </remarks>
public class FuzzTests
{
    private const int Seed = 12345;
    private const int TruncationsPerSeed = 16;
    private const int RandomVariants = 3000;
    private const int MinimumCorpus = 20;

    /// <summary>The share of random variants compiled together with a second (undamaged) seed.</summary>
    private const int SecondFilePercent = 15;

    /// <summary>A variant that has not finished after this long is reported as hung.</summary>
    private static readonly TimeSpan VariantTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    /// <summary>A variant: <see cref="Text"/> (the damaged seed) and, sometimes, a second file (another
    /// seed, undamaged: a project has more than one file, and the docs' examples share type names).</summary>
    private sealed record Variant(int Index, int SeedIndex, SeedSource Seed, string Text, IReadOnlyList<string> Mutations, SeedSource? SecondFile = null)
    {
        public IReadOnlyList<string> Sources => SecondFile is null ? new[] { Text } : new[] { Text, SecondFile.Text };

        public bool IsMutated => SeedIndex >= 0 && !ReferenceEquals(Text, Seed.Text);
    }

    [Fact]
    public void CorpusIsNotEmpty()
    {
        IReadOnlyList<SeedSource> corpus = FuzzCorpus.All;
        _output.WriteLine($"Fuzz corpus: {corpus.Count} seed sources");
        foreach (IGrouping<string, SeedSource> group in corpus.GroupBy(s => s.Origin.Split('/', ':')[0]))
        {
            _output.WriteLine($"  {group.Key}: {group.Count()}");
        }

        Assert.True(corpus.Count >= MinimumCorpus, $"The fuzz corpus has {corpus.Count} seed sources; at least {MinimumCorpus} expected (docs, samples, test sources). Is the repository layout intact?");
        Assert.Contains(corpus, s => s.Origin.StartsWith("docs/", StringComparison.Ordinal));
        Assert.Contains(corpus, s => s.Origin.StartsWith("samples/", StringComparison.Ordinal));
        Assert.Contains(corpus, s => s.Origin.StartsWith("tests/GradGen.Tests/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoDamagedSourceMakesTheGeneratorOrTheAnalyzerThrow()
    {
        IReadOnlyList<SeedSource> corpus = FuzzCorpus.All;
        Assert.True(corpus.Count >= MinimumCorpus, $"The fuzz corpus has only {corpus.Count} seed sources (at least {MinimumCorpus} expected).");

        int truncationStart = corpus.Count;
        int randomStart = truncationStart + corpus.Count * TruncationsPerSeed;
        int total = randomStart + RandomVariants;
        IReadOnlyList<int> indices = SelectedIndices(total);

        // The truncation points of each seed, computed once (the variants of a seed share them).
        var truncations = new Lazy<IReadOnlyList<int>>[corpus.Count];
        for (int s = 0; s < corpus.Count; s++)
        {
            int seedIndex = s;
            truncations[s] = new Lazy<IReadOnlyList<int>>(() =>
                Mutator.SampleTokenBoundaries(corpus[seedIndex].Text, new Random(Mix(Seed, -1 - seedIndex)), TruncationsPerSeed));
        }

        Variant Build(int index)
        {
            if (index < truncationStart)
            {
                return new Variant(index, index, corpus[index], corpus[index].Text, new[] { "none (the seed itself)" });
            }

            if (index < randomStart)
            {
                int s = (index - truncationStart) / TruncationsPerSeed;
                int k = (index - truncationStart) % TruncationsPerSeed;
                IReadOnlyList<int> points = truncations[s].Value;
                SeedSource seed = corpus[s];
                // A seed with fewer tokens than truncation points gets them cycled (cheap duplicates).
                int at = points.Count == 0 ? 0 : points[k % points.Count];
                return new Variant(index, s, seed, seed.Text.Substring(0, at), new[] { $"truncate at token boundary, offset {at} (of {seed.Text.Length})" });
            }

            var random = new Random(Mix(Seed, index));
            int chosen = random.Next(corpus.Count);
            var applied = new List<string>();
            string text = Mutator.Mutate(corpus[chosen].Text, random, applied);
            SeedSource? second = null;
            if (random.Next(100) < SecondFilePercent)
            {
                second = corpus[random.Next(corpus.Count)];
                applied.Add($"plus the undamaged seed {second.Origin} as a second file");
            }

            return new Variant(index, chosen, corpus[chosen], text, applied, second);
        }

        // The IDE runs the generator incrementally: each mutated variant is also run with a driver that
        // has already run on its unmutated seed (one such driver per seed, shared: drivers are immutable).
        var seedStates = new Lazy<(Compilation Compilation, GeneratorDriver Driver)>[corpus.Count];
        for (int s = 0; s < corpus.Count; s++)
        {
            string text = corpus[s].Text;
            seedStates[s] = new Lazy<(Compilation, GeneratorDriver)>(() =>
            {
                Compilation compilation = RobustnessCheck.Compile(new[] { text });
                return (compilation, GeneratorHarness.CreateDriver().RunGenerators(compilation));
            });
        }

        List<RobustnessFailure> CheckIncrementally(Variant variant, CancellationToken cancellationToken)
        {
            (Compilation compilation, GeneratorDriver driver) = seedStates[variant.SeedIndex].Value;
            SyntaxTree old = compilation.SyntaxTrees.First();
            Compilation edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(variant.Text, GeneratorHarness.ParseOptions, old.FilePath));
            if (variant.SecondFile is { } second)
            {
                edited = edited.AddSyntaxTrees(CSharpSyntaxTree.ParseText(second.Text, GeneratorHarness.ParseOptions, "Second.cs"));
            }

            return RobustnessCheck.CheckIncremental(driver, edited, variant.Sources, cancellationToken);
        }

        var failures = new ConcurrentBag<(Variant Variant, List<RobustnessFailure> Failures)>();
        var compilerCrashes = new ConcurrentBag<(Variant Variant, RobustnessFailure Failure)>();
        var inFlight = new ConcurrentDictionary<int, Stopwatch>();
        var stopwatch = Stopwatch.StartNew();
        Task run = Task.Run(() => Parallel.ForEach(
            indices,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            index =>
            {
                inFlight[index] = Stopwatch.StartNew();
                Variant variant = Build(index);
                using var timeout = new CancellationTokenSource(VariantTimeout);
                List<RobustnessFailure> found = RobustnessCheck.Check(variant.Sources, timeout.Token);
                if (variant.IsMutated)
                {
                    try
                    {
                        found.AddRange(CheckIncrementally(variant, timeout.Token));
                    }
                    catch (Exception ex)
                    {
                        // The driver's first run on the unmutated seed threw.
                        found.Add(RobustnessCheck.FromException("generator on the unmutated seed (before the incremental run)", "exception escaped the host", ex));
                    }
                }

                foreach (RobustnessFailure crash in found.Where(f => f.CompilerCrash is not null)) compilerCrashes.Add((variant, crash));
                List<RobustnessFailure> ofGradGen = found.OfGradGen();
                if (ofGradGen.Count > 0) failures.Add((variant, ofGradGen));
                inFlight.TryRemove(index, out _);
            }));

        // A generous overall limit: a variant stuck in a loop that ignores cancellation must fail the
        // test, not hang it.
        bool finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(10))) == run;
        stopwatch.Stop();
        if (!finished)
        {
            string hung = string.Join("\n", inFlight.Select(kv => $"  variant {kv.Key}: running for {kv.Value.Elapsed.TotalSeconds:F0} s, {Describe(Build(kv.Key))}"));
            Assert.Fail($"The fuzz run did not finish in 10 minutes; variants still running (a hang in GradGen?):\n{hung}");
        }

        await run;
        double seconds = stopwatch.Elapsed.TotalSeconds;
        _output.WriteLine($"Fuzz corpus: {corpus.Count} seed sources; {indices.Count} variants " +
            $"({corpus.Count} unmutated, {Math.Min(corpus.Count * TruncationsPerSeed, indices.Count)} token-boundary truncations, {RandomVariants} random mutations) " +
            $"in {seconds:F1} s on {Environment.ProcessorCount} cores = {indices.Count / seconds:F0} variants/s");

        // Crashes of the compiler itself (it throws on these inputs without GradGen): logged, not failed.
        foreach (var crash in compilerCrashes.GroupBy(c => c.Failure.CompilerCrash).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            _output.WriteLine($"Compiler crash, not GradGen's (the compiler alone throws it): {crash.Key}; variants {string.Join(",", crash.Select(c => c.Variant.Index).Distinct().Order())}");
        }

        if (!failures.IsEmpty)
        {
            Assert.Fail(Report(failures.OrderBy(f => f.Variant.Index).ToList(), indices.Count));
        }
    }

    /// <summary>All indices, or those listed in GRADGEN_FUZZ_ONLY (to reproduce a failure).</summary>
    private static IReadOnlyList<int> SelectedIndices(int total)
    {
        string? only = Environment.GetEnvironmentVariable("GRADGEN_FUZZ_ONLY");
        if (string.IsNullOrWhiteSpace(only)) return Enumerable.Range(0, total).ToList();
        return only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Where(i => i >= 0 && i < total).ToList();
    }

    /// <summary>A well-spread per-variant seed (SplitMix32-style), identical on every run and machine.</summary>
    private static int Mix(int seed, int index)
    {
        unchecked
        {
            uint z = (uint)seed * 0x9E3779B9u + (uint)index * 0x85EBCA6Bu;
            z = (z ^ (z >> 16)) * 0x7FEB352Du;
            z = (z ^ (z >> 15)) * 0x846CA68Bu;
            return (int)(z ^ (z >> 16));
        }
    }

    private static string Describe(Variant variant) =>
        $"seed {variant.Seed.Origin}, mutations: {string.Join("; ", variant.Mutations)}";

    private static string Report(List<(Variant Variant, List<RobustnessFailure> Failures)> failed, int total)
    {
        string directory = Path.Combine(Path.GetTempPath(), "gradgen-fuzz");
        Directory.CreateDirectory(directory);
        var kinds = failed
            .SelectMany(f => f.Failures.Select(x => (f.Variant, Failure: x)))
            .GroupBy(x => x.Failure.Kind)
            .OrderByDescending(g => g.Count())
            .ToList();

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{failed.Count} of {total} fuzz variants made GradGen throw ({kinds.Count} distinct kinds). Rerun some with GRADGEN_FUZZ_ONLY=<indices>.");
        int kindNumber = 0;
        foreach (var kind in kinds)
        {
            List<int> indices = kind.Select(x => x.Variant.Index).Distinct().ToList();
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture, $"=== Kind {++kindNumber}: {kind.Key}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    {indices.Count} variants: {string.Join(",", indices.Take(30))}{(indices.Count > 30 ? ",..." : string.Empty)}");
            // The smallest example is the easiest to read and to reproduce.
            foreach (var example in kind.DistinctBy(x => x.Variant.Index).OrderBy(x => x.Variant.Text.Length).Take(2))
            {
                var paths = new List<string>();
                for (int file = 0; file < example.Variant.Sources.Count; file++)
                {
                    string path = Path.Combine(directory, $"variant-{example.Variant.Index}-Input{file}.cs");
                    File.WriteAllText(path, example.Variant.Sources[file]);
                    paths.Add(path);
                }

                sb.AppendLine(CultureInfo.InvariantCulture, $"--- variant {example.Variant.Index}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"    seed source: {example.Variant.Seed.Origin}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"    mutations:   {string.Join("\n                 ", example.Variant.Mutations)}");
                sb.AppendLine(CultureInfo.InvariantCulture, $"    source:      {string.Join(" + ", paths)} (compiled with {nameof(RobustnessCheck)}.{nameof(RobustnessCheck.ImplicitUsings)} as the last file)");
                sb.AppendLine(CultureInfo.InvariantCulture, $"    stage:       {example.Failure.Stage}");
                sb.AppendLine(Indent(Truncate(example.Failure.Details, 6000), "    "));
            }
        }

        return sb.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "\n...";

    private static string Indent(string s, string prefix) => prefix + s.Replace("\n", "\n" + prefix, StringComparison.Ordinal);
}
