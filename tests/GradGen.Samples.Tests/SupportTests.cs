namespace GradGen.Samples.Tests;

[Collection(PicturesCollection.Name)]
public class SupportTests
{
    [Fact]
    public void Options_are_read()
    {
        var options = SampleOptions.Parse(["--iterations", "7", "--out", "pics", "--delay-ms", "0"]);
        Assert.Equal(7, options.Iterations);
        Assert.Equal("pics", options.OutputDirectory);
        Assert.Equal(0, options.DelayMilliseconds);
        Assert.False(options.Help);
        Assert.True(SampleOptions.Parse(["-h"]).Help);
    }

    [Theory]
    [InlineData("--iterations", "0")]
    [InlineData("--iterations", "many")]
    [InlineData("--iterations")]
    [InlineData("--colour", "red")]
    public void Bad_options_are_said(params string[] args) =>
        Assert.Throws<ArgumentException>(() => SampleOptions.Parse(args));

    [Fact]
    public void A_file_that_is_not_a_png_is_not_taken_for_one()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "fake.png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 0, 0, 0, 0, 0, 13]);
        Assert.Null(Pictures.ReadPngSize(path));
        Assert.Null(Pictures.ReadPngSize(Path.Combine(dir.Path, "missing.png")));
    }

    [Fact]
    public void The_font_the_pictures_use_is_shipped_beside_the_program()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf")));
        Pictures.UseShippedFont();
        Assert.Equal(Pictures.FontName, ScottPlot.Fonts.Default);
    }
}
