using System.Reflection;
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

    public static void AssertMatches(string name, string actual)
    {
        string directory = Path.Combine(ProjectDirectory.Value, "Baselines");
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

    /// <summary>
    /// This project's source directory. The build records it in an assembly attribute, because
    /// [CallerFilePath] is rewritten to "/_/..." in deterministic CI builds. If the recorded folder
    /// is gone (the test binaries were moved), the nearest folder above the binaries that holds the
    /// project file is used.
    /// </summary>
    internal static readonly Lazy<string> ProjectDirectory = new(() =>
    {
        const string ProjectFile = "GradGen.Tests.csproj";
        string? recorded = typeof(Baseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GradGen.Tests.ProjectDirectory")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, ProjectFile)))
        {
            return recorded;
        }

        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ProjectFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find the folder of {ProjectFile}: the build recorded '{recorded}', and no folder above {AppContext.BaseDirectory} holds it.");
    });
}
