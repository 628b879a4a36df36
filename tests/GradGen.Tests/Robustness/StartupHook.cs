// The .NET startup-hook contract requires a type named StartupHook in the global namespace with a
// static Initialize method. IsolatedRun starts this test assembly in a child process with the hook
// set, so that an input that overflows the stack crashes the child, not the test run.
internal static class StartupHook
{
    public static void Initialize() => GradGen.Tests.Robustness.IsolatedRun.RunIfRequested();
}
