using System.Diagnostics;
using System.Text;

namespace GradGen.Package.Tests.Infrastructure;

/// <summary>What one <c>dotnet</c> invocation did: exit code and stdout + stderr, interleaved.</summary>
public sealed record ProcessResult(
    string CommandLine, string WorkingDirectory, int ExitCode, bool TimedOut, TimeSpan Elapsed, string Output)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>A full account for assertion messages: the command, how it ended, and all of its output.</summary>
    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory} " +
        (TimedOut ? "TIMED OUT and was killed" : $"exited with code {ExitCode}") +
        $" after {Elapsed.TotalSeconds:F1} s. Output:{Environment.NewLine}{Output}";
}

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process. The one place that starts processes in these tests.
/// </summary>
public static class DotNet
{
    /// <summary>How long to wait for the end of the output once the process has exited.</summary>
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.
    /// </summary>
    /// <param name="environment">Variables to set (a null value removes the variable) on top of a cleaned
    /// copy of this process's environment.</param>
    /// <remarks>
    /// MSBuild* variables are removed: when these tests run under <c>dotnet test</c> they can hold
    /// the parent build's settings, and a child build must start from what a user's shell has. Callers pass
    /// <c>--disable-build-servers</c> to build commands so that no MSBuild node or compiler server outlives
    /// the command while holding our output pipes; the output drain is bounded in any case.
    /// </remarks>
    public static ProcessResult Run(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments) startInfo.ArgumentList.Add(argument);

        foreach (string key in startInfo.Environment.Keys.ToList())
        {
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)) startInfo.Environment.Remove(key);
        }
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["MSBUILDTERMINALLOGGER"] = "off";
        if (environment is not null)
        {
            foreach (KeyValuePair<string, string?> pair in environment)
            {
                if (pair.Value is null) startInfo.Environment.Remove(pair.Key);
                else startInfo.Environment[pair.Key] = pair.Value;
            }
        }

        string commandLine = "dotnet " + string.Join(" ", arguments);
        var output = new StringBuilder();
        var gate = new object();
        // Not disposed on purpose: a late end-of-stream callback must never meet a disposed event.
        var stdoutClosed = new ManualResetEventSlim();
        var stderrClosed = new ManualResetEventSlim();

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { stdoutClosed.Set(); return; }
            lock (gate) output.AppendLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { stderrClosed.Set(); return; }
            lock (gate) output.AppendLine(e.Data);
        };

        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { /* it exited just now */ }
            process.WaitForExit(10_000);
        }
        stdoutClosed.Wait(OutputDrainTimeout);
        stderrClosed.Wait(OutputDrainTimeout);
        stopwatch.Stop();

        string text;
        lock (gate) text = output.ToString();
        return new ProcessResult(commandLine, workingDirectory, exited ? process.ExitCode : -1, !exited, stopwatch.Elapsed, text);
    }

    /// <summary>
    /// The <c>dotnet</c> host: the one <c>dotnet test</c> ran under when it says so, else the one on PATH.
    /// </summary>
    private static string Executable
    {
        get
        {
            string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath;
            string? processPath = Environment.ProcessPath;
            if (processPath is not null &&
                Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                return processPath;
            }
            return "dotnet";
        }
    }
}
