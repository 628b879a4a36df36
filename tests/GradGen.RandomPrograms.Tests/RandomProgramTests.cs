using System.Reflection;
using Xunit.Abstractions;

namespace GradGen.RandomPrograms;

public sealed class RandomProgramTests(ITestOutputHelper output)
{
    [Fact]
    public void RandomProgramsHaveExactGradients()
    {
        var o = new RunOptions { Seed = 20261201, Count = 2000, FloatShare = 0.25, MaxShrinks = 3, ShrinkBudget = TimeSpan.FromSeconds(30) };
        Summary s = Runner.Run(o);
        output.WriteLine(s.Line());
        output.WriteLine(s.Details());
        foreach (string n in s.OracleNotes.Take(10)) output.WriteLine("oracle-mismatch " + n);
        foreach (string n in s.InvalidNotes.Take(10)) output.WriteLine("invalid " + n);
        foreach (Failure f in s.Shrunk) output.WriteLine(Runner.Describe(f));
        foreach (Failure f in s.Failures.Skip(0).Take(20)) output.WriteLine($"unshrunk {f.Kind}: {f.Detail}");
        Assert.Equal(0, s.OracleMismatch);
        Assert.Equal(0, s.Invalid);
        Assert.True(s.Checked >= 0.8 * s.Programs, $"only {s.Checked} of {s.Programs} programs were checked");
        Assert.Equal(0, s.Crashes);
        Assert.Equal(0, s.Wrong);
    }

    public static string RegressionDirectory()
    {
        string? project = typeof(RandomProgramTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GradGen.RandomPrograms.ProjectDirectory")?.Value;
        string dir = project is not null && Directory.Exists(Path.Combine(project, "Regressions"))
            ? Path.Combine(project, "Regressions")
            : Path.Combine(AppContext.BaseDirectory, "Regressions");
        return dir;
    }

    [Fact]
    public void RegressionsStayFixed()
    {
        string dir = RegressionDirectory();
        string[] files = Directory.GetFiles(dir, "*.txt").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var failing = new List<string>();
        foreach (string file in files)
        {
            var (kind, prog, point, adj) = Regressions.Load(file);
            Outcome o = Checker.CheckOne(prog, new[] { (point, adj) });
            // A regression must compile, be checked at its point, and pass; an oracle mismatch is the tester's defect.
            if (o.Status != Status.Checked)
                failing.Add($"{Path.GetFileName(file)} (found as {kind}): {o.Status} {o.Failure?.Kind} {o.Failure?.Detail} {o.Note}");
        }
        foreach (string f in failing) output.WriteLine(f);
        Assert.True(failing.Count == 0, $"{failing.Count} of {files.Length} regressions fail:\n" + string.Join("\n", failing));
    }
}
