using System.Security;

namespace GradGen.Package.Tests.Infrastructure;

/// <summary>
/// A brand-new console project, outside the repository, that gets GradGen the way a user does: one
/// PackageReference, restored from the packed feed. Restore and build use the fixture's empty NUGET_PACKAGES.
/// </summary>
public sealed class ConsumerProject
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

    private readonly PackageFixture _fixture;

    private ConsumerProject(PackageFixture fixture, string directory, string name)
    {
        _fixture = fixture;
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    /// <summary>The consumer's build output folder (Debug, net10.0).</summary>
    public string OutputDirectory => Path.Combine(Directory, "bin", "Debug", "net10.0");

    public static ConsumerProject Create(PackageFixture fixture, string name, string programSource)
    {
        string directory = System.IO.Directory.CreateDirectory(Path.Combine(fixture.TempRoot, name)).FullName;

        // What `dotnet new console` gives, made strict, plus the one PackageReference the contract promises is enough.
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageExpectations.PackageId}" Version="{fixture.Version}" />
              </ItemGroup>
            </Project>
            """);

        // Only the local feed can supply GradGen (source mapping), so nuget.org can never substitute a package of the
        // same id and version; everything else may come from nuget.org.
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="gradgen-local" value="{SecurityElement.Escape(fixture.FeedDirectory)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="gradgen-local">
                  <package pattern="{PackageExpectations.PackageId}" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), programSource);
        return new ConsumerProject(fixture, directory, name);
    }

    /// <summary>
    /// A netstandard2.0 class library as <c>dotnet new classlib -f netstandard2.0</c> makes it: its default C# is
    /// 7.3, with no nullable annotations; <paramref name="languageVersion"/> sets another one.
    /// </summary>
    public static ConsumerProject CreateLibrary(PackageFixture fixture, string name, string source, string? languageVersion = null)
    {
        ConsumerProject project = Create(fixture, name, source);
        string langVersion = languageVersion is null ? string.Empty : $"<LangVersion>{languageVersion}</LangVersion>";
        File.WriteAllText(Path.Combine(project.Directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                {langVersion}
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackageExpectations.PackageId}" Version="{fixture.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.Move(Path.Combine(project.Directory, "Program.cs"), Path.Combine(project.Directory, "Library.cs"));
        return project;
    }

    /// <summary>Adds a <c>ProjectReference</c> to <paramref name="library"/>, as <c>dotnet add reference</c> does.</summary>
    public void Reference(ConsumerProject library)
    {
        string project = Path.Combine(Directory, Name + ".csproj");
        string text = File.ReadAllText(project);
        string reference = $"""
              <ItemGroup>
                <ProjectReference Include="{SecurityElement.Escape(Path.Combine(library.Directory, library.Name + ".csproj"))}" />
              </ItemGroup>
            </Project>
            """;
        File.WriteAllText(project, text.Replace("</Project>", reference, StringComparison.Ordinal));
    }

    /// <summary><c>dotnet build</c> (restore included).</summary>
    public ProcessResult Build() =>
        DotNet.Run(Directory, ["build", "--disable-build-servers", "-nologo"], BuildTimeout, Environment);

    /// <summary><c>dotnet run --no-build</c>, after <see cref="Build"/>.</summary>
    public ProcessResult Run() =>
        DotNet.Run(Directory, ["run", "--no-build"], RunTimeout, Environment);

    private IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = _fixture.ConsumerPackagesDirectory,
    };
}
