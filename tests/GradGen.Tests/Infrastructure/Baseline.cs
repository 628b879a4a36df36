using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace GradGen.Tests.Infrastructure;

/// <summary>
/// Golden files for generated source: Baselines/&lt;name&gt;.generated.txt next to this project's sources.
/// Set GRADGEN_UPDATE_BASELINES=1 to rewrite them from the current output (then review the diff).
/// The generator version in GeneratedCode attributes is masked so a version bump does not touch them.
/// </summary>
internal static partial class Baseline
{
    [GeneratedRegex("GeneratedCode\\(\"GradGen\", \"[^\"]*\"\\)")]
    private static partial Regex VersionPattern();

    public static string Normalize(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n"), "GeneratedCode(\"GradGen\", \"<version>\")");

    public static void AssertMatches(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(ProjectDirectory(callerPath), "Baselines");
        string path = Path.Combine(directory, name + ".generated.txt");
        string normalized = Normalize(actual);
        if (Environment.GetEnvironmentVariable("GRADGEN_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, normalized);
            return;
        }

        Assert.True(File.Exists(path), $"Missing baseline {path}. Run the tests with GRADGEN_UPDATE_BASELINES=1 to create it, then review it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != normalized)
        {
            string[] e = expected.Split('\n'), a = normalized.Split('\n');
            int line = 0;
            while (line < Math.Min(e.Length, a.Length) && e[line] == a[line]) line++;
            Assert.Fail($"Generated source differs from {path} at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n\nFull output:\n{normalized}");
        }
    }

    private static string ProjectDirectory(string callerPath)
    {
        string? directory = Path.GetDirectoryName(callerPath);
        while (directory is not null && !File.Exists(Path.Combine(directory, "GradGen.Tests.csproj")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Cannot find the test project directory from " + callerPath);
    }
}
