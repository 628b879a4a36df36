namespace GradGen.Samples.Tests;

/// <summary>A fresh directory under the system's temporary directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gradgen-samples-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system to clean; a test must not fail on it.
        }
    }
}

/// <summary>
/// Tests that draw run one at a time: ScottPlot's font setup is static, and drawing in parallel gains little
/// on two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PicturesCollection
{
    public const string Name = "Pictures";
}
