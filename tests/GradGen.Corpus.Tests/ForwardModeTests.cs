namespace GradGen.Corpus.Tests;

/// <summary>
/// Forward mode on the corpus: every program with each <c>[Differentiable]</c> made <c>[Differentiable(Forward = true)]</c>
/// is accepted or rejected exactly as in reverse mode (forward mode supports everything reverse mode does), GradGen neither
/// crashes nor writes code that does not compile, and every accepted method gets its FPushforward.
/// </summary>
public class ForwardModeTests
{
    public static TheoryData<string> Programs() => CorpusTests.Programs();

    [Theory]
    [MemberData(nameof(Programs))]
    public void ForwardModeAcceptsWhatReverseModeAcceptsAndCompiles(string file)
    {
        GenerationResult reverse = CorpusCompiler.Generate(file);
        GenerationResult forward = CorpusCompiler.Generate(file, text => text.Replace("[Differentiable]", "[Differentiable(Forward = true)]", StringComparison.Ordinal));

        Assert.True(forward.GeneratorExceptions.Count == 0 && !forward.AnalyzerFindings.Any(f => f.Id == "GG9999")
            && forward.GeneratedErrors.Count == 0 && forward.OtherErrors.Count == 0,
            $"{file} in forward mode: GradGen crashed or generated code that does not compile\n{forward.Describe()}");
        Assert.True(reverse.ErrorIds.SequenceEqual(forward.ErrorIds),
            $"{file}: rejected with [{string.Join(", ", reverse.ErrorIds)}] in reverse mode, [{string.Join(", ", forward.ErrorIds)}] in forward mode\n{forward.Describe()}");
        if (forward.ErrorIds.Count > 0) return;

        int pushforwards = forward.GeneratedSources.Sum(s => CountOf(s.Text, "(double Value, double Tangent)") + CountOf(s.Text, "(float Value, float Tangent)"));
        Assert.True(pushforwards > 0 && forward.Image is not null, $"{file}: no pushforward, or the program does not compile with it\n{forward.Describe()}");
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
