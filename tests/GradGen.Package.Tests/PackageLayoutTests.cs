using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using GradGen.Package.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace GradGen.Package.Tests;

/// <summary>The package that <c>dotnet pack</c> writes: its name, its files and its nuspec.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests
{
    private readonly PackageFixture _fixture;

    public PackageLayoutTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        output.WriteLine($"dotnet pack: exit {fixture.Pack.ExitCode}, {fixture.Pack.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Pack_at_the_repository_root_writes_exactly_one_package_named_after_the_version()
    {
        Assert.True(_fixture.Pack.Succeeded, "dotnet pack failed: " + _fixture.Pack.Describe());

        string[] packages = Directory.GetFiles(_fixture.FeedDirectory, "*.nupkg").Select(Path.GetFileName).ToArray()!;
        Assert.True(
            packages.Length == 1 && packages[0] == _fixture.PackageFileName,
            $"Expected exactly {_fixture.PackageFileName} in the pack output; found [{string.Join(", ", packages)}]. " +
            _fixture.Pack.Describe());
    }

    [Fact]
    public void Package_holds_the_runtime_library_per_target_and_the_analyzers_under_analyzers_dotnet_cs()
    {
        using ZipArchive package = ZipFile.OpenRead(_fixture.RequirePackage());
        string[] entries = package.Entries.Select(e => e.FullName).ToArray();
        string listing = string.Join(Environment.NewLine, entries.Order(StringComparer.Ordinal));

        // lib/: exactly the contract's target frameworks, each with GradGen.dll.
        string[] libFrameworks = entries
            .Where(e => e.StartsWith("lib/", StringComparison.Ordinal))
            .Select(e => e.Split('/')[1])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(
            libFrameworks.SequenceEqual(PackageExpectations.LibraryTargetFrameworks.Order(StringComparer.Ordinal)),
            $"lib/ target frameworks: [{string.Join(", ", libFrameworks)}]. Package:{Environment.NewLine}{listing}");
        foreach (string framework in PackageExpectations.LibraryTargetFrameworks)
        {
            string path = $"lib/{framework}/{PackageExpectations.LibraryAssembly}";
            Assert.True(entries.Contains(path), $"{path} is missing. Package:{Environment.NewLine}{listing}");
            AssertIsTheAttributeAssembly(package.GetEntry(path)!, path);
        }

        // The generator and analyzers are compiler plug-ins: never a lib/ reference of the user's project.
        string[] pluginsUnderLib = entries
            .Where(e => e.StartsWith("lib/", StringComparison.Ordinal) &&
                        PackageExpectations.AnalyzerAssemblies.Contains(Path.GetFileName(e)))
            .ToArray();
        Assert.True(pluginsUnderLib.Length == 0,
            $"Analyzer assemblies under lib/: [{string.Join(", ", pluginsUnderLib)}]. Package:{Environment.NewLine}{listing}");

        // analyzers/: exactly the expected assemblies (satellite resource assemblies aside), all for C#.
        string[] analyzerDlls = entries
            .Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal) &&
                        e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) &&
                        !e.EndsWith(".resources.dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        string[] expectedAnalyzerDlls = PackageExpectations.AnalyzerAssemblies
            .Select(name => PackageExpectations.AnalyzerFolder + name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(analyzerDlls.SequenceEqual(expectedAnalyzerDlls),
            $"Analyzer assemblies: expected [{string.Join(", ", expectedAnalyzerDlls)}], found [{string.Join(", ", analyzerDlls)}]. " +
            $"Package:{Environment.NewLine}{listing}");

        // The readme ships whenever the repository has one.
        if (File.Exists(Path.Combine(_fixture.RepositoryRoot, "README.md")))
        {
            Assert.True(entries.Contains("README.md"), $"README.md is not packed. Package:{Environment.NewLine}{listing}");
            XElement? readme = Child(Child(ReadNuspec(package).Root, "metadata"), "readme");
            Assert.Equal("README.md", readme?.Value);
        }
    }

    [Fact]
    public void Analyzer_assemblies_target_netstandard_and_reference_Roslyn_no_newer_than_4_8()
    {
        using ZipArchive package = ZipFile.OpenRead(_fixture.RequirePackage());
        foreach (string name in PackageExpectations.AnalyzerAssemblies)
        {
            string path = PackageExpectations.AnalyzerFolder + name;
            ZipArchiveEntry? entry = package.GetEntry(path);
            Assert.True(entry is not null, $"{path} is missing from the package.");

            List<(string Name, Version Version)> references = ReadAssemblyReferences(entry);
            string described = string.Join(", ", references.Select(r => $"{r.Name} {r.Version}"));

            Assert.True(references.Any(r => r.Name == "netstandard" && r.Version == new Version(2, 0, 0, 0)),
                $"{path} does not target netstandard2.0; it references: {described}");
            Assert.False(references.Any(r => r.Name is "System.Runtime" or "System.Private.CoreLib"),
                $"{path} targets a .NET Core framework, which an analyzer must not; it references: {described}");

            var roslyn = references.Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)).ToList();
            Assert.True(roslyn.Count > 0, $"{path} references no Roslyn assembly: {described}");
            Assert.All(roslyn, r => Assert.True(r.Version <= PackageExpectations.MaxRoslynVersion,
                $"{path} references {r.Name} {r.Version}; newer than {PackageExpectations.MaxRoslynVersion} " +
                "does not load in the .NET 8 SDK's compiler (CS9057)."));
        }
    }

    [Fact]
    public void Nuspec_depends_on_System_Memory_for_netstandard20_only()
    {
        using ZipArchive package = ZipFile.OpenRead(_fixture.RequirePackage());
        XDocument nuspec = ReadNuspec(package);
        string text = nuspec.ToString();

        XElement? metadata = Child(nuspec.Root, "metadata");
        Assert.Equal(PackageExpectations.PackageId, Child(metadata, "id")?.Value);
        Assert.Equal(_fixture.Version, Child(metadata, "version")?.Value);

        XElement? dependencies = Child(metadata, "dependencies");
        Assert.True(dependencies is not null, "The nuspec has no <dependencies>:" + Environment.NewLine + text);
        Assert.True(!Children(dependencies, "dependency").Any(),
            "The nuspec has dependencies outside a target framework group:" + Environment.NewLine + text);

        Dictionary<string, string[]> groups = Children(dependencies, "group").ToDictionary(
            g => NormalizeFramework((string?)g.Attribute("targetFramework") ?? ""),
            g => Children(g, "dependency").Select(d => (string?)d.Attribute("id") ?? "").ToArray());

        // Each lib/ framework needs its own group: without a net8.0 group, net8.0 consumers would fall back to
        // the netstandard2.0 group and get System.Memory for nothing.
        Assert.True(groups.Keys.Order(StringComparer.Ordinal).SequenceEqual(
                PackageExpectations.LibraryTargetFrameworks.Order(StringComparer.Ordinal)),
            $"Dependency groups [{string.Join(", ", groups.Keys)}]:{Environment.NewLine}{text}");
        Assert.True(groups["netstandard2.0"].SequenceEqual([PackageExpectations.NetStandardOnlyDependency]),
            "netstandard2.0 must depend on System.Memory only:" + Environment.NewLine + text);
        Assert.True(groups["net8.0"].Length == 0, "net8.0 must have no dependencies:" + Environment.NewLine + text);
    }

    private static XDocument ReadNuspec(ZipArchive package)
    {
        ZipArchiveEntry[] nuspecs = package.Entries
            .Where(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        Assert.True(nuspecs.Length == 1, $"Expected one nuspec at the package root, found {nuspecs.Length}.");
        using Stream stream = nuspecs[0].Open();
        return XDocument.Load(stream);
    }

    // The nuspec's XML namespace depends on the schema features a package uses, so elements are matched by local name.
    private static IEnumerable<XElement> Children(XElement? parent, string localName) =>
        parent?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    private static XElement? Child(XElement? parent, string localName) => Children(parent, localName).SingleOrDefault();

    private static string NormalizeFramework(string framework) => framework.ToLowerInvariant() switch
    {
        ".netstandard2.0" or "netstandard2.0" => "netstandard2.0",
        "net8.0" or ".netcoreapp8.0" or "netcoreapp8.0" => "net8.0",
        var other => other,
    };

    private static void AssertIsTheAttributeAssembly(ZipArchiveEntry entry, string path)
    {
        using PEReader pe = OpenPe(entry);
        MetadataReader reader = pe.GetMetadataReader();
        Assert.Equal("GradGen", reader.GetString(reader.GetAssemblyDefinition().Name));
        HashSet<string> publicTypes = reader.TypeDefinitions
            .Select(reader.GetTypeDefinition)
            .Where(t => (t.Attributes & System.Reflection.TypeAttributes.VisibilityMask) == System.Reflection.TypeAttributes.Public)
            .Select(t => reader.GetString(t.Namespace) + "." + reader.GetString(t.Name))
            .ToHashSet();
        Assert.True(publicTypes.Contains("GradGen.DifferentiableAttribute") && publicTypes.Contains("GradGen.NoDerivativeAttribute"),
            $"{path} lacks the GradGen attributes; its public types: {string.Join(", ", publicTypes)}");
    }

    private static List<(string Name, Version Version)> ReadAssemblyReferences(ZipArchiveEntry entry)
    {
        using PEReader pe = OpenPe(entry);
        MetadataReader reader = pe.GetMetadataReader();
        return reader.AssemblyReferences
            .Select(reader.GetAssemblyReference)
            .Select(r => (reader.GetString(r.Name), r.Version))
            .ToList();
    }

    private static PEReader OpenPe(ZipArchiveEntry entry)
    {
        var buffer = new MemoryStream();
        using (Stream stream = entry.Open()) stream.CopyTo(buffer);
        buffer.Position = 0;
        return new PEReader(buffer);
    }
}
