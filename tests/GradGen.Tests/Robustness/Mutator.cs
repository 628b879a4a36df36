using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.Tests.Robustness;

/// <summary>
/// Damages C# source text the way typing, pasting and bad merges do. Every choice comes from the
/// <see cref="Random"/> passed in, so a variant is reproducible from its seed alone; every mutation
/// returns a one-line description for failure reports.
/// </summary>
internal static class Mutator
{
    /// <summary>Tokens (and token soup) inserted at random positions.</summary>
    public static readonly string[] InsertedTokens =
    {
        "{", "}", "(", ")", ";", "=", "[Differentiable]", "return", "for (", "ref ", "out ",
        "stackalloc double[", "=>", "?", ":", "\"", "'", "/*", "#if X", "@", "$\"", "\u0000", "\\u0000",
        "..", "^1", "with {}", "new()", "default", "async", "yield return", "goto L;", "checked(",
        "typeof(", "nameof(", "sizeof(double)", "&x", "*p", "__arglist",
    };

    /// <summary>What a numeric literal may be replaced with.</summary>
    public static readonly string[] NumericReplacements = { "1e400", "double.NaN", "0", "-0.0", "int.MaxValue" };

    /// <summary>Types a type keyword may become: the differentiable shapes, near misses and nonsense.</summary>
    public static readonly string[] TypeReplacements =
    {
        "double", "float", "int", "long", "decimal", "bool", "var", "object", "dynamic", "string", "double?",
        "double[]", "float[]", "double[,]", "double[][]", "Span<double>", "ReadOnlySpan<float>", "(double, double)",
        "ref double", "in double", "List<double>", "System.Numerics.Complex", "Half", "nint", "void",
    };

    /// <summary>Operators an operator may become.</summary>
    public static readonly string[] OperatorReplacements =
    {
        "+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "&&", "||", "&", "|", "^", "<<", ">>",
        "+=", "-=", "*=", "/=", "%=", "=", "??", "??=", "++", "--", "!", "~", "is", "as", "=>", "->",
    };

    /// <summary>Statements inserted after a ';' or '{'; $v is an identifier of the file, $w another.</summary>
    public static readonly string[] InsertedStatements =
    {
        "$v = $v * 2;", "if ($v > 0) return $v;", "for (int k = 0; k < 3; k++) $v += k;", "while ($v > 1) $v /= 2;",
        "double[] a = new double[3]; a[0] = $v;", "var t = ($v, $w);", "$v++;", "try { $v = 1; } finally { $w = 2; }",
        "switch ($v) { case 1: break; default: $v = $w; break; }", "foreach (var e in $v) { $w += e; }",
        "do { $v -= 1; } while ($v > 0);", "break;", "continue;", "return;", "return 0;", "return $v;",
        "throw new Exception();", "double local() => $v * $w; $v = local();", "lock ($v) { }",
        "using var d = new System.IO.MemoryStream();", "$v = $w = $v;", "ref double r = ref $v; r = $w;",
        "checked { $v += 1; }", "goto end; end:;", "$v = Math.Sin($w) + Math.Pow($v, $w);",
        "$v = Gradients.WithoutDerivative($w);", "$v = $v > $w ? $v : $w;", "$v = ($w is double q) ? q : 0;",
        "$v = Math.Clamp($v, 0, 1);", "$v = MathF.Exp((float)$w);", "$v = (int)$w;", "$v = $w switch { > 0 => 1, _ => $v };",
        "(var p, var q) = ($v, $w);", "$v = $v?.ToString();", "$v = default;", "$v = stackalloc double[4];",
        "$v = nameof($w);", "yield return $v;", "await System.Threading.Tasks.Task.Yield();", "unsafe { double* p = &$v; }",
        "fixed (double* p = $v) { }", "$v = $v[^1] + $v[1..];", "$v = new double[] { $v, $w }.Sum();", "$v = $w.Length;",
        "int i = 0; $v += $w[i];", "$v = Square($w);", "$v = $v($w);", "#region r\n#endregion", "#pragma warning disable\n",
    };

    private static readonly CSharpParseOptions LexOptions = new(LanguageVersion.Preview);

    private delegate string? Mutation(string text, Random random, out string description);

    private static readonly (string Name, Mutation Apply, int Weight)[] Mutations =
    {
        ("truncate", Truncate, 2),
        ("delete-span", DeleteSpan, 4),
        ("delete-line", DeleteLine, 3),
        ("duplicate-line", DuplicateLine, 3),
        ("duplicate-lines", DuplicateLines, 2),
        ("insert-token", InsertToken, 6),
        ("swap-tokens", SwapTokens, 3),
        ("replace-identifier", ReplaceIdentifier, 4),
        ("replace-number", ReplaceNumber, 3),
        ("replace-type", ReplaceType, 3),
        ("replace-operator", ReplaceOperator, 3),
        ("insert-statement", InsertStatement, 4),
    };

    /// <summary>Applies 1 to 3 random mutations; returns the damaged text and what was done.</summary>
    public static string Mutate(string text, Random random, List<string> applied)
    {
        int count = random.Next(1, 4);
        int totalWeight = Mutations.Sum(m => m.Weight);
        for (int i = 0; i < count; i++)
        {
            // Draw until one applies (a text without numbers cannot have a number replaced); the
            // insertion always applies, so this ends.
            for (int attempt = 0; ; attempt++)
            {
                int pick = random.Next(totalWeight);
                (string Name, Mutation Apply, int Weight) mutation = Mutations[0];
                foreach (var m in Mutations)
                {
                    if (pick < m.Weight)
                    {
                        mutation = m;
                        break;
                    }

                    pick -= m.Weight;
                }

                if (attempt > 20) mutation = Mutations.Single(m => m.Name == "insert-token");
                string? result = mutation.Apply(text, random, out string description);
                if (result is null) continue;
                applied.Add(description);
                text = result;
                break;
            }
        }

        return text;
    }

    /// <summary>Up to <paramref name="count"/> distinct token boundaries of <paramref name="text"/>
    /// (positions where a token starts), spread over the whole text.</summary>
    public static IReadOnlyList<int> SampleTokenBoundaries(string text, Random random, int count)
    {
        List<int> boundaries = Tokens(text).Select(t => t.SpanStart).Distinct().ToList();
        if (boundaries.Count <= count) return boundaries;
        // Stratified: one random boundary from each of `count` equal slices, so both the start and the
        // end of the text get truncation points.
        var picked = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            int from = i * boundaries.Count / count;
            int to = (i + 1) * boundaries.Count / count;
            picked.Add(boundaries[random.Next(from, to)]);
        }

        return picked;
    }

    private static string? Truncate(string text, Random random, out string description)
    {
        int at = random.Next(text.Length + 1);
        description = $"truncate at offset {at} (of {text.Length}), after {Around(text, at - 20, 20)}";
        return text.Substring(0, at);
    }

    private static string? DeleteSpan(string text, Random random, out string description)
    {
        description = string.Empty;
        if (text.Length == 0) return null;
        int length = Math.Min(random.Next(1, 41), text.Length);
        int at = random.Next(text.Length - length + 1);
        description = $"delete {length} chars at offset {at}: {Quote(text.Substring(at, length))}";
        return text.Remove(at, length);
    }

    private static string? DeleteLine(string text, Random random, out string description)
    {
        List<TextSpan> lines = Lines(text);
        TextSpan line = lines[random.Next(lines.Count)];
        description = $"delete line {LineNumber(lines, line)}: {Quote(text.Substring(line.Start, line.Length))}";
        return text.Remove(line.Start, line.Length);
    }

    private static string? DuplicateLine(string text, Random random, out string description)
    {
        List<TextSpan> lines = Lines(text);
        TextSpan line = lines[random.Next(lines.Count)];
        string content = text.Substring(line.Start, line.Length);
        if (!content.EndsWith('\n')) content += "\n";
        description = $"duplicate line {LineNumber(lines, line)}: {Quote(content)}";
        return text.Insert(line.Start, content);
    }

    /// <summary>Copy-paste: 2-10 consecutive lines inserted again after themselves (a member pasted twice).</summary>
    private static string? DuplicateLines(string text, Random random, out string description)
    {
        description = string.Empty;
        List<TextSpan> lines = Lines(text);
        if (lines.Count < 2) return null;
        int first = random.Next(lines.Count - 1);
        int count = Math.Min(random.Next(2, 11), lines.Count - first);
        int start = lines[first].Start, end = lines[first + count - 1].End;
        string content = text.Substring(start, end - start);
        if (!content.EndsWith('\n')) content += "\n";
        description = $"duplicate lines {first + 1}-{first + count}: {Quote(content)}";
        return text.Insert(end, (text.Substring(0, end).EndsWith('\n') ? string.Empty : "\n") + content);
    }

    private static string? InsertToken(string text, Random random, out string description)
    {
        string token = InsertedTokens[random.Next(InsertedTokens.Length)];
        // Half of the time at a token boundary (plausible edits), otherwise anywhere (inside
        // identifiers, strings, comments).
        int at;
        if (random.Next(2) == 0)
        {
            List<SyntaxToken> tokens = Tokens(text);
            at = tokens.Count == 0 ? 0 : tokens[random.Next(tokens.Count)].SpanStart;
        }
        else
        {
            at = random.Next(text.Length + 1);
        }

        description = $"insert {Quote(token)} at offset {at}, before {Around(text, at, 20)}";
        return text.Insert(at, token);
    }

    private static string? SwapTokens(string text, Random random, out string description)
    {
        description = string.Empty;
        List<SyntaxToken> tokens = Tokens(text);
        if (tokens.Count < 2) return null;
        int i = random.Next(tokens.Count);
        int j = random.Next(tokens.Count);
        if (i == j) return null;
        if (i > j) (i, j) = (j, i);
        TextSpan a = tokens[i].Span, b = tokens[j].Span;
        string ta = text.Substring(a.Start, a.Length), tb = text.Substring(b.Start, b.Length);
        description = $"swap tokens {Quote(ta)} at offset {a.Start} and {Quote(tb)} at offset {b.Start}";
        return text.Substring(0, a.Start) + tb + text.Substring(a.End, b.Start - a.End) + ta + text.Substring(b.End);
    }

    private static string? ReplaceIdentifier(string text, Random random, out string description)
    {
        description = string.Empty;
        List<SyntaxToken> identifiers = Tokens(text).Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToList();
        List<string> names = identifiers.Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count < 2) return null;
        SyntaxToken target = identifiers[random.Next(identifiers.Count)];
        string replacement = names[random.Next(names.Count)];
        if (replacement == target.Text) return null;
        description = $"replace identifier {Quote(target.Text)} at offset {target.SpanStart} with {Quote(replacement)}";
        return text.Substring(0, target.SpanStart) + replacement + text.Substring(target.Span.End);
    }

    private static string? ReplaceNumber(string text, Random random, out string description)
    {
        description = string.Empty;
        List<SyntaxToken> numbers = Tokens(text).Where(t => t.IsKind(SyntaxKind.NumericLiteralToken)).ToList();
        if (numbers.Count == 0) return null;
        SyntaxToken target = numbers[random.Next(numbers.Count)];
        string replacement = NumericReplacements[random.Next(NumericReplacements.Length)];
        description = $"replace number {Quote(target.Text)} at offset {target.SpanStart} with {Quote(replacement)}";
        return text.Substring(0, target.SpanStart) + replacement + text.Substring(target.Span.End);
    }

    private static string? ReplaceType(string text, Random random, out string description)
    {
        description = string.Empty;
        List<SyntaxToken> types = Tokens(text).Where(t => SyntaxFacts.IsPredefinedType(t.Kind()) || (t.IsKind(SyntaxKind.IdentifierToken) && t.Text == "var")).ToList();
        if (types.Count == 0) return null;
        SyntaxToken target = types[random.Next(types.Count)];
        string replacement = TypeReplacements[random.Next(TypeReplacements.Length)];
        description = $"replace type {Quote(target.Text)} at offset {target.SpanStart} with {Quote(replacement)}";
        return text.Substring(0, target.SpanStart) + replacement + text.Substring(target.Span.End);
    }

    private static string? ReplaceOperator(string text, Random random, out string description)
    {
        description = string.Empty;
        List<SyntaxToken> operators = Tokens(text).Where(t => OperatorReplacements.Contains(t.Text)).ToList();
        if (operators.Count == 0) return null;
        SyntaxToken target = operators[random.Next(operators.Count)];
        string replacement = OperatorReplacements[random.Next(OperatorReplacements.Length)];
        description = $"replace operator {Quote(target.Text)} at offset {target.SpanStart} with {Quote(replacement)}";
        return text.Substring(0, target.SpanStart) + replacement + text.Substring(target.Span.End);
    }

    private static string? InsertStatement(string text, Random random, out string description)
    {
        description = string.Empty;
        List<SyntaxToken> tokens = Tokens(text);
        List<SyntaxToken> places = tokens.Where(t => t.IsKind(SyntaxKind.SemicolonToken) || t.IsKind(SyntaxKind.OpenBraceToken)).ToList();
        List<string> names = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();
        if (places.Count == 0 || names.Count == 0) return null;
        int at = places[random.Next(places.Count)].Span.End;
        string statement = " " + InsertedStatements[random.Next(InsertedStatements.Length)]
            .Replace("$v", names[random.Next(names.Count)], StringComparison.Ordinal)
            .Replace("$w", names[random.Next(names.Count)], StringComparison.Ordinal);
        description = $"insert statement {Quote(statement)} at offset {at}, after {Around(text, at - 20, 20)}";
        return text.Insert(at, statement);
    }

    /// <summary>The tokens of <paramref name="text"/> (lexed without parsing), without the end of file.</summary>
    private static List<SyntaxToken> Tokens(string text) =>
        SyntaxFactory.ParseTokens(text, options: LexOptions).Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0).ToList();

    /// <summary>The lines of <paramref name="text"/>, each with its line break.</summary>
    private static List<TextSpan> Lines(string text) =>
        SourceText.From(text).Lines.Select(l => l.SpanIncludingLineBreak).ToList();

    private static int LineNumber(List<TextSpan> lines, TextSpan line) => lines.IndexOf(line) + 1;

    private static string Around(string text, int start, int length)
    {
        start = Math.Clamp(start, 0, text.Length);
        length = Math.Min(length, text.Length - start);
        return Quote(text.Substring(start, length));
    }

    /// <summary>A C#-escaped, quoted rendering of <paramref name="s"/> (shortened when long).</summary>
    public static string Quote(string s)
    {
        if (s.Length > 60) s = s.Substring(0, 60) + "…";
        var sb = new System.Text.StringBuilder("\"");
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
