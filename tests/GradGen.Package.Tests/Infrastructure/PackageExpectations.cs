namespace GradGen.Package.Tests.Infrastructure;

/// <summary>What the GradGen package must hold (CONTRACT.md, "Package and build"), in one place.</summary>
public static class PackageExpectations
{
    public const string PackageId = "GradGen";

    /// <summary>Target frameworks of the attribute/runtime assembly, each a folder under <c>lib/</c>.</summary>
    public static readonly IReadOnlyList<string> LibraryTargetFrameworks = ["netstandard2.0", "net8.0"];

    public const string LibraryAssembly = "GradGen.dll";

    public const string AnalyzerFolder = "analyzers/dotnet/cs/";

    /// <summary>
    /// Every assembly under <see cref="AnalyzerFolder"/>: the generator and analyzers, and the code fixes.
    /// </summary>
    public static readonly IReadOnlyList<string> AnalyzerAssemblies =
    [
        "GradGen.Generator.dll",
        "GradGen.CodeFixes.dll",
    ];

    /// <summary>The newest Roslyn the analyzer assemblies may reference, so that they load in the .NET 8 SDK's compiler.</summary>
    public static readonly Version MaxRoslynVersion = new(4, 8, 0, 0);

    /// <summary>The one package dependency, needed only below .NET Core (spans on netstandard2.0).</summary>
    public const string NetStandardOnlyDependency = "System.Memory";
}
