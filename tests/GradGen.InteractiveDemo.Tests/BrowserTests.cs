using System.Diagnostics;
using System.Globalization;
using InteractiveDemo.Model;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using Xunit.Abstractions;

namespace GradGen.InteractiveDemo.Tests;

/// <summary>
/// The published page in headless Chromium: it loads, the gradient it shows is the one GradGen's generated code
/// computes here in-process, a step lowers the loss, and the controls move (w, b).
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ActionTimeout = TimeSpan.FromSeconds(20);

    [BrowserFact]
    public async Task PageShowsTheGeneratedGradientAndDescends()
    {
        var clock = Stopwatch.StartNew();
        await using var site = await DemoSite.StartAsync();
        output.WriteLine($"published and serving at {site.Url} after {clock.Elapsed.TotalSeconds:F1} s");

        using var driver = StartChromium();
        try
        {
            driver.Navigate().GoToUrl(site.Url);
            Until(driver, LoadTimeout, "the page to load (the #loss readout)", () => driver.FindElements(By.Id("loss")).Count > 0);
            output.WriteLine($"page loaded after {clock.Elapsed.TotalSeconds:F1} s");

            // Loads at the start, showing the generated gradient there.
            var start = Read(driver);
            Assert.Equal(Descent.StartW, start.W);
            Assert.Equal(Descent.StartB, start.B);
            Assert.Equal(0, start.Steps);
            AssertMatchesInProcess(start);
            Assert.Equal("Gradient descent on a line, in your browser", driver.FindElement(By.TagName("h1")).Text);

            // One step lowers the loss and goes exactly against the gradient: (w, b) − η·∇L with η = 0.1.
            driver.FindElement(By.Id("step")).Click();
            Until(driver, ActionTimeout, "one step", () => Read(driver).Steps == 1);
            var stepped = Read(driver);
            Assert.True(stepped.Loss < start.Loss, $"a step raised the loss from {start.Loss} to {stepped.Loss}");
            Assert.Equal(start.W - Descent.DefaultLearningRate * start.GradW, stepped.W, 12);
            Assert.Equal(start.B - Descent.DefaultLearningRate * start.GradB, stepped.B, 12);
            AssertMatchesInProcess(stepped);
            Assert.True(driver.FindElement(By.Id("gradient-arrow")).Displayed);

            // A click on the loss surface moves there: pixel (327, 282) of the 1:1 SVG is (w, b) ≈ (3.5, −2).
            var surface = driver.FindElement(By.Id("surface"));
            new Actions(driver).MoveToElement(surface, 327 - 210, 282 - 210).Click().Perform();
            Until(driver, ActionTimeout, "the click to move (w, b)", () => Math.Abs(Read(driver).W - 3.5) < 0.05);
            var clicked = Read(driver);
            Assert.Equal(0, clicked.Steps);
            Assert.InRange(clicked.B, -2.05, -1.95);
            AssertMatchesInProcess(clicked);

            // The w slider moves w by its step, 0.01.
            driver.FindElement(By.Id("w-slider")).SendKeys(Keys.ArrowRight);
            Until(driver, ActionTimeout, "the slider to move w", () => Read(driver).W != clicked.W);
            var slid = Read(driver);
            Assert.Equal(clicked.W + 0.01, slid.W, 9);
            Assert.Equal(clicked.B, slid.B);
            AssertMatchesInProcess(slid);

            // Run takes steps on its own, downhill, until paused.
            driver.FindElement(By.Id("run")).Click();
            Until(driver, ActionTimeout, "a run of 10 steps", () => Read(driver).Steps >= 10);
            driver.FindElement(By.Id("run")).Click();
            Until(driver, ActionTimeout, "the run to pause", () => driver.FindElement(By.Id("run")).Text == "Run");
            var ran = Read(driver);
            Assert.True(ran.Loss < slid.Loss / 2, $"a run of {ran.Steps} steps took the loss from {slid.Loss} only to {ran.Loss}");
            AssertMatchesInProcess(ran);
        }
        catch
        {
            output.WriteLine("page when the test failed:");
            output.WriteLine(driver.PageSource);
            throw;
        }

        output.WriteLine($"done after {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The loss and gradient the page shows at its (w, b) are the ones the generated code gives here.</summary>
    private void AssertMatchesInProcess(Shown shown)
    {
        var (loss, (gradW, gradB)) = Regression.MseValueAndGradient(shown.W, shown.B, Points.Xs, Points.Ys);
        output.WriteLine(FormattableString.Invariant(
            $"page: w={shown.W:R} b={shown.B:R} L={shown.Loss:R} ∇L=({shown.GradW:R}, {shown.GradB:R}); here: L={loss:R} ∇L=({gradW:R}, {gradB:R})"));
        AssertClose(loss, shown.Loss, "L");
        AssertClose(gradW, shown.GradW, "∂L/∂w");
        AssertClose(gradB, shown.GradB, "∂L/∂b");
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
            FormattableString.Invariant($"{what}: the page shows {actual:R}, the generated code here gives {expected:R}"));

    private static Shown Read(IWebDriver driver)
    {
        double Value(string id) => double.Parse(driver.FindElement(By.Id(id)).GetAttribute("data-value")!, NumberStyles.Float, CultureInfo.InvariantCulture);
        return new Shown(Value("w"), Value("b"), Value("loss"), Value("grad-w"), Value("grad-b"), (int)Value("steps"));
    }

    private static void Until(IWebDriver driver, TimeSpan timeout, string what, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (WebDriverException)
            {
                // An element re-rendered under us: look again.
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds} s for {what}; the page says: {driver.FindElement(By.TagName("body")).Text}");
            }

            Thread.Sleep(50);
        }
    }

    private ChromeDriver StartChromium()
    {
        var service = ChromeDriverService.CreateDefaultService(
            Path.GetDirectoryName(BrowserFactAttribute.ChromeDriver)!, Path.GetFileName(BrowserFactAttribute.ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;

        // The flags that work on a machine without a network: nothing may reach out to Google's hosts.
        var options = new ChromeOptions { BinaryLocation = BrowserFactAttribute.Chromium };
        string profile = Path.Combine(Path.GetTempPath(), "gradgen-interactive-demo-tests", "chromium-" + Guid.NewGuid().ToString("N"));
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1000,900", $"--user-data-dir={profile}");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private readonly record struct Shown(double W, double B, double Loss, double GradW, double GradB, int Steps);
}
