using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace GradGen.Tests.Robustness;

/// <summary>
/// Runs one input of <see cref="NastyInputTests"/> in a child process, on a thread with a host-sized
/// stack. A stack overflow cannot be caught in .NET: in-process it would abort the whole test run;
/// here it fails only its own test, with the child's stack trace.
/// </summary>
/// <remarks>
/// The child is this test assembly, started by <c>dotnet</c> with the startup hook
/// (<see cref="StartupHook"/>) pointing at it: the hook sees <see cref="CaseVariable"/>, runs the case,
/// prints what failed and exits before the (empty) generated Main runs.
/// </remarks>
internal static class IsolatedRun
{
    private const string CaseVariable = "GRADGEN_ROBUSTNESS_ISOLATED_CASE";

    /// <summary>The stack a host is guaranteed to give: 1 MB, the default of a Windows thread (the IDE,
    /// VBCSCompiler). GradGen must not overflow it where the compiler itself does not.</summary>
    public const int HostStackSize = 1024 * 1024;

    /// <summary>Far more than any case needs (the largest take a few seconds); more is a hang or a
    /// blow-up in time, which holds up the compiler and the IDE as badly as a crash.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>In the child: runs the case named by <see cref="CaseVariable"/> and exits; does nothing
    /// in any other process.</summary>
    public static void RunIfRequested()
    {
        string? name = Environment.GetEnvironmentVariable(CaseVariable);
        if (string.IsNullOrEmpty(name)) return;
        int exitCode;
        try
        {
            string source = NastyInputTests.Source(name);
            string directory = Path.Combine(Path.GetTempPath(), "gradgen-fuzz");
            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, "nasty-" + new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()) + ".cs");
            File.WriteAllText(path, source);
            // Before the run: a stack overflow ends the process without another word.
            Console.Out.WriteLine($"source ({source.Length} chars): {path}");
            Console.Out.Flush();
            string? failures = RunOnHostStack(source);
            Console.Out.Write(failures ?? "OK");
            exitCode = failures is null ? 0 : 1;
        }
        catch (Exception ex)
        {
            Console.Out.Write("The isolated run failed: " + ex);
            exitCode = 2;
        }

        Console.Out.Flush();
        Environment.Exit(exitCode);
    }

    /// <summary>Checks <paramref name="source"/> on a thread with <see cref="HostStackSize"/>; returns a
    /// description of the failures, or null.</summary>
    public static string? RunOnHostStack(string source)
    {
        List<RobustnessFailure>? failures = null;
        Exception? crash = null;
        var thread = new Thread(() =>
        {
            try
            {
                failures = RobustnessCheck.Check(source);
            }
            catch (Exception ex)
            {
                crash = ex;
            }
        }, HostStackSize);
        thread.Start();
        if (!thread.Join(CaseTimeout)) return $"GradGen did not finish within {CaseTimeout.TotalSeconds:F0} s (a hang, or a blow-up in time).";
        if (crash is not null) return "The check itself threw: " + crash;
        // A crash of the compiler itself is not GradGen's; none of the hand-written inputs should cause one.
        return failures!.Count == 0 ? null : string.Join("\n\n", failures.Select(f => f.CompilerCrash is null ? f.ToString() : "(the compiler's own crash, " + f.CompilerCrash + ")\n" + f));
    }

    /// <summary>Runs case <paramref name="name"/> in a child process; returns null when it passed,
    /// otherwise what went wrong (a crash shows its exit code and the start of its stack trace).</summary>
    public static string? RunInChildProcess(string name)
    {
        string assembly = typeof(IsolatedRun).Assembly.Location;
        var start = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[CaseVariable] = name;
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CaseTimeout * 3))
        {
            process.Kill(entireProcessTree: true);
            return $"The isolated run did not finish within {(CaseTimeout * 3).TotalSeconds:F0} s (killed).";
        }

        process.WaitForExit();
        string output = stdout.GetAwaiter().GetResult();
        string error = stderr.GetAwaiter().GetResult();
        if (process.ExitCode == 0 && output.EndsWith("OK", StringComparison.Ordinal)) return null;

        var sb = new StringBuilder();
        sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"The isolated run exited with code {process.ExitCode}{(error.Contains("Stack overflow", StringComparison.Ordinal) ? " (STACK OVERFLOW: the process crashed)" : string.Empty)}.");
        if (output.Length > 0) sb.AppendLine(Clip(output, 8000));
        if (error.Length > 0) sb.AppendLine("stderr (start):").AppendLine(Clip(error, 6000));
        return sb.ToString();
    }

    /// <summary>The dotnet host of the running runtime (its root is three levels above the shared framework).</summary>
    private static string DotNetHost()
    {
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        string host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "\n...";
}
