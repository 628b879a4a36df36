namespace GradGen.Samples.Tests;

internal static class Assertions
{
    /// <summary>Each path is a file in <paramref name="directory"/> with the PNG signature and an IHDR of positive size.</summary>
    public static void ArePngs(IReadOnlyCollection<string> paths, string directory, int expectedCount)
    {
        Assert.Equal(expectedCount, paths.Count);
        foreach (string path in paths)
        {
            Assert.Equal(Path.GetFullPath(directory), Path.GetDirectoryName(path));
            var size = Pictures.ReadPngSize(path);
            Assert.True(size is not null, $"{path} is not a PNG with a positive IHDR width and height");
            Assert.Equal((Pictures.Width, Pictures.Height), size!.Value);
        }
    }

    /// <summary>|actual − expected| ≤ tolerance · max(1, |expected|).</summary>
    public static void Close(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected);
        Assert.True(error <= tolerance * Math.Max(1.0, Math.Abs(expected)),
            $"{what}: generated {actual:R}, finite differences {expected:R}, error {error:E2}");
    }

    /// <summary>Central finite difference of <paramref name="f"/> at <paramref name="x"/>.</summary>
    public static double Central(Func<double, double> f, double x, double h = 1e-5) =>
        (f(x + h) - f(x - h)) / (2 * h);
}
