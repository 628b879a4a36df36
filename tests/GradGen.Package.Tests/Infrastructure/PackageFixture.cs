using System.Xml.Linq;
using Xunit;

namespace GradGen.Package.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "GradGen package";
}

/// <summary>
/// Packs the repository once for all package tests, exactly as the contract says
/// (<c>dotnet pack -c Release -o DIR</c> at the repository root), into a feed folder under a fresh temporary
/// directory. Consumers are created in the same temporary directory, outside the repository, so that they
/// see none of its Directory.Build.props / Directory.Packages.props. Everything is deleted at the end.
/// </summary>
public sealed class PackageFixture : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        Version = ReadVersion(RepositoryRoot);

        TempRoot = Directory.CreateTempSubdirectory("GradGen.Package.Tests-").FullName;
        FeedDirectory = Directory.CreateDirectory(Path.Combine(TempRoot, "feed")).FullName;
        ConsumerPackagesDirectory = Directory.CreateDirectory(Path.Combine(TempRoot, "nuget-packages")).FullName;

        // The temporary directory is outside the repository already; these empty files also stop MSBuild from
        // importing any Directory.Build.* / Directory.Packages.props that might sit above the machine's temp folder.
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(TempRoot, name), "<Project />\n");
        }

        Pack = DotNet.Run(
            RepositoryRoot,
            ["pack", "-c", "Release", "-o", FeedDirectory, "--disable-build-servers", "-nologo"],
            PackTimeout);
    }

    public string RepositoryRoot { get; }

    /// <summary>The package version: <c>&lt;Version&gt;</c> in the repository's Directory.Build.props.</summary>
    public string Version { get; }

    public string TempRoot { get; }

    /// <summary>The folder <c>dotnet pack -o</c> wrote to; the consumers' local package source.</summary>
    public string FeedDirectory { get; }

    /// <summary>
    /// NUGET_PACKAGES for every consumer restore/build: a new, empty global packages folder, so that a stale
    /// GradGen of the same version in the machine's cache can never be used.
    /// </summary>
    public string ConsumerPackagesDirectory { get; }

    public ProcessResult Pack { get; }

    public string PackageFileName => $"{PackageExpectations.PackageId}.{Version}.nupkg";

    public string PackagePath => Path.Combine(FeedDirectory, PackageFileName);

    /// <summary>Fails the calling test, with the pack output, unless pack produced the package.</summary>
    public string RequirePackage()
    {
        Assert.True(Pack.Succeeded, "dotnet pack failed: " + Pack.Describe());
        Assert.True(File.Exists(PackagePath), $"dotnet pack did not write {PackageFileName}: " + Pack.Describe());
        return PackagePath;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(TempRoot, recursive: true);
        }
        catch (IOException) { /* best effort: a leftover temp folder must not fail the run */ }
        catch (UnauthorizedAccessException) { }
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GradGen.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds GradGen.sln.");
    }

    private static string ReadVersion(string repositoryRoot)
    {
        string props = Path.Combine(repositoryRoot, "Directory.Build.props");
        string? version = XDocument.Load(props).Descendants("Version").SingleOrDefault()?.Value.Trim();
        if (string.IsNullOrEmpty(version)) throw new InvalidOperationException($"{props} has no <Version>.");
        return version;
    }
}
