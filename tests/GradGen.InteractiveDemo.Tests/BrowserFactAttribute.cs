namespace GradGen.InteractiveDemo.Tests;

/// <summary>
/// A test that needs Debian's Chromium and ChromeDriver (/usr/bin/chromium, /usr/bin/chromedriver). Without
/// them it is skipped on a developer's machine, with a message saying how to get them; under CI (CI=true) it
/// runs regardless, so that a missing browser fails the build instead of hiding the test.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";
    public const string ChromeDriver = "/usr/bin/chromedriver";

    public BrowserFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !(File.Exists(Chromium) && File.Exists(ChromeDriver)))
        {
            Skip = $"needs {Chromium} and {ChromeDriver} (Debian: apt-get install chromium chromium-driver); "
                + "CI installs them and runs this test";
        }
    }
}
