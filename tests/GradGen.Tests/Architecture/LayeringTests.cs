using System.Reflection;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Tests.Architecture;

/// <summary>
/// The generator's layers and the direction of their dependencies (docs/architecture.md), checked on its source:
/// every name a file uses is bound, and the namespace of what it binds to must be one its layer may depend on.
/// </summary>
/// <remarks>
/// The rules are the target layout. What does not follow them yet is listed in <see cref="KnownExceptions"/>, each
/// with the reason; the test fails on any other violation, and also when a listed one is gone (so the list only
/// shrinks).
/// </remarks>
public class LayeringTests
{
    /// <summary>Layer → the layers it may use (besides itself and Helpers).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Model"] = [],
        ["Rules"] = ["Model"],
        ["Analysis"] = ["Model", "Rules"],
        ["Transforms"] = ["Model", "Rules", "Analysis"],
        ["Differentiation"] = ["Model", "Rules", "Analysis", "Transforms"],
        ["Emit"] = ["Model"],
        ["FrontEnd"] = ["Model", "Rules", "Diagnostics", "Analysis", "Transforms"],
        ["Diagnostics"] = [],
        ["Helpers"] = [],
        ["Generator"] = ["Model", "Rules", "Analysis", "Transforms", "Differentiation", "Emit", "FrontEnd", "Diagnostics"],
    };

    /// <summary>Layers that may touch Roslyn's symbols, operations and syntax.</summary>
    private static readonly string[] RoslynLayers = ["FrontEnd", "Diagnostics", "Generator"];

    /// <summary>"file → layer it uses: why", for a violation that has to stay for a while. Empty: every file follows the rules.</summary>
    private static readonly Dictionary<string, string> KnownExceptions = new()
    {
    };

    private static string Layer(string relativePath)
    {
        string first = relativePath.Split('/')[0];
        return first.EndsWith(".cs", StringComparison.Ordinal) ? "Generator" : first;
    }

    private static string? LayerOfNamespace(INamespaceSymbol? ns)
    {
        string name = ns?.ToDisplayString() ?? string.Empty;
        const string Prefix = "GradGen.Generator";
        if (name == Prefix) return "Generator";
        if (!name.StartsWith(Prefix + ".", StringComparison.Ordinal)) return null;
        return name.Substring(Prefix.Length + 1).Split('.')[0];
    }

    private static (List<(string Path, SyntaxTree Tree)> Files, CSharpCompilation Compilation) GeneratorSources()
    {
        string root = Path.GetFullPath(Path.Combine(Baseline.ProjectDirectory.Value, "..", "..", "src", "GradGen.Generator"));
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(root, f).Replace('\\', '/'), Tree: CSharpSyntaxTree.ParseText(File.ReadAllText(f), GeneratorHarness.ParseOptions, f)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        // The assemblies this test process runs on (the runtime's and the tests' Roslyn): the generator's sources bind
        // against them as they do against netstandard2.0 and Roslyn 4.8.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Compilation).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(CSharpCompilation).Assembly.Location))
            .GroupBy(r => Path.GetFileName(r.FilePath), StringComparer.OrdinalIgnoreCase)
            .Select(g => (MetadataReference)g.First());
        CSharpCompilation compilation = CSharpCompilation.Create("GradGen.Generator.Layering", files.Select(f => f.Tree), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return (files, compilation);
    }

    [Fact]
    public void LayersDependOnlyDownward()
    {
        (List<(string Path, SyntaxTree Tree)> files, CSharpCompilation compilation) = GeneratorSources();
        Assert.True(files.Count >= 40, $"only {files.Count} generator files found");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5));

        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var roslyn = new SortedSet<string>(StringComparer.Ordinal);
        foreach ((string path, SyntaxTree tree) in files)
        {
            string layer = Layer(path);
            Assert.True(Allowed.ContainsKey(layer), $"{path} is in no known layer");
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (SimpleNameSyntax name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                ISymbol? symbol = model.GetSymbolInfo(name).Symbol;
                if (symbol is null or INamespaceSymbol) continue;
                INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
                INamespaceSymbol? ns = type?.ContainingNamespace ?? symbol.ContainingNamespace;
                string? used = LayerOfNamespace(ns);
                if (used is not null && used != layer && used != "Helpers" && !Allowed[layer].Contains(used))
                {
                    found.TryAdd(path + " -> " + used, name.ToString() + " at line " + (name.GetLocation().GetLineSpan().StartLinePosition.Line + 1));
                }

                string nsName = ns?.ToDisplayString() ?? string.Empty;
                bool isRoslynModel = nsName.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                    && type is not null && (type.AllInterfaces.Any(i => i.Name is "ISymbol" or "IOperation") || type.Name is "ISymbol" or "IOperation" or "SemanticModel" or "Compilation"
                        || InheritsFrom(type, "SyntaxNode"));
                if (isRoslynModel && !RoslynLayers.Contains(layer))
                {
                    roslyn.Add(path + " uses " + type!.Name);
                }
            }
        }

        var unexpected = found.Where(f => !KnownExceptions.ContainsKey(f.Key)).Select(f => $"{f.Key} ({f.Value})").ToList();
        var gone = KnownExceptions.Keys.Where(k => !found.ContainsKey(k)).ToList();
        Assert.True(unexpected.Count == 0, "Dependencies against the layering:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
        Assert.True(gone.Count == 0, "Listed exceptions that no longer occur (remove them from KnownExceptions):" + Environment.NewLine + string.Join(Environment.NewLine, gone));
        Assert.True(roslyn.Count == 0, "Roslyn symbols, operations or syntax outside the front end, the diagnostics and the pipeline:" + Environment.NewLine + string.Join(Environment.NewLine, roslyn));
    }

    /// <summary>Strings a model record may hold: names (identifiers, files, documentation ids) and values, never C# to
    /// paste. Identifiers are held as declared: the emitter escapes those that are keywords.</summary>
    private static readonly Dictionary<string, string> Names = new()
    {
        ["Variable.Name"] = "the variable's identifier",
        ["CalleeParameter.Name"] = "the callee parameter's identifier",
        ["MethodModel.Name"] = "the method's identifier",
        ["VectorResult.Names"] = "the identifiers of the result tuple's elements (ItemN for one without a name)",
        ["MethodModel.Namespace"] = "the containing namespace's dotted name",
        ["MethodModel.Accessibility"] = "public, internal, ... (a keyword)",
        ["MethodModel.HintName"] = "the generated file's name",
        ["MethodModel.DocumentationId"] = "the method's documentation id, for comments",
        ["ContainingTypeModel.Keyword"] = "class, struct, record, ... (a keyword)",
        ["ContainingTypeModel.Name"] = "the type's identifier",
        ["ContainingTypeModel.TypeParameters"] = "the type parameters' identifiers",
        ["FunctionSpelling.Name"] = "the Math method's identifier",
        ["FunctionSpelling.Element"] = "the tuple element's name (Sin of Math.SinCos)",
        ["NamedTypeName.Namespace"] = "the namespace's dotted name",
        ["NamedTypeName.Name"] = "the type's identifier",
        ["TupleElementName.Name"] = "the tuple element's identifier",
        ["TypeParameterName.Name"] = "the type parameter's identifier",
        ["MemberRead.Name"] = "the field's or property's identifier",
        ["ModelMember.Name"] = "a model type's field or property identifier",
        ["ModelLeaf.Path"] = "the member identifiers from a model-type parameter to one of its leaves",
        ["StaticMember.Name"] = "the static field's or property's identifier (PI of Math.PI)",
        ["OpaqueCall.Method"] = "the called method's identifier",
        ["OpaqueCall.InitializedMembers"] = "the identifiers of the members a model value built in an argument initializes",
        ["DiffCall.Method"] = "the [Differentiable] callee's identifier",
        ["DerivativeMember.Name"] = "the identifier of the method a derivative calls for a callee (its FPullback)",
        ["GenericMethod.TypeParameter"] = "the identifier of a generic method's floating-point type parameter (empty for none)",
        ["TypeParameterModel.Name"] = "a generic method's type parameter's identifier",
        ["ConstantValue.Text"] = "a constant's value as data: the string or char itself, or an integer's or decimal's invariant-culture digits",
    };

    [Fact]
    public void ModelRecordsHoldNamesNotCSharpText()
    {
        (List<(string Path, SyntaxTree Tree)> files, CSharpCompilation compilation) = GeneratorSources();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach ((string path, SyntaxTree tree) in files.Where(f => Layer(f.Path) == "Model"))
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            foreach (TypeDeclarationSyntax declaration in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type || !type.IsRecord) continue;
                foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    // Stored data only: positional parameters and auto-properties, not computed ones.
                    bool stored = type.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));
                    if (stored && HoldsStrings(property.Type)) found.Add(type.Name + "." + property.Name);
                }
            }
        }

        var unexpected = found.Where(f => !Names.ContainsKey(f)).ToList();
        var gone = Names.Keys.Where(k => !found.Contains(k)).ToList();
        Assert.True(unexpected.Count == 0, "Strings in model records (a name goes in Names; C# text does not belong in the model):" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
        Assert.True(gone.Count == 0, "Listed strings that are gone (remove them):" + Environment.NewLine + string.Join(Environment.NewLine, gone));
    }

    /// <summary>A string, or a list of them (<c>EquatableArray&lt;string&gt;</c>).</summary>
    private static bool HoldsStrings(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_String
        || type is INamedTypeSymbol { Name: "EquatableArray", TypeArguments: [{ SpecialType: SpecialType.System_String }] };

    private static bool InheritsFrom(INamedTypeSymbol type, string name)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
        {
            if (t.Name == name) return true;
        }

        return false;
    }

    [Fact]
    public void TheAnalyzerRunsNeitherDifferentiationNorEmission()
    {
        (List<(string Path, SyntaxTree Tree)> files, CSharpCompilation compilation) = GeneratorSources();
        (string _, SyntaxTree analyzer) = files.Single(f => f.Path == "GradGenAnalyzer.cs");
        SemanticModel model = compilation.GetSemanticModel(analyzer);
        var used = analyzer.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>()
            .Select(n => model.GetSymbolInfo(n).Symbol)
            .Select(s => s as INamedTypeSymbol ?? s?.ContainingType)
            .Select(t => LayerOfNamespace(t?.ContainingNamespace))
            .Where(l => l is not null)
            .Distinct()
            .ToList();
        Assert.DoesNotContain("Differentiation", used);
        Assert.DoesNotContain("Emit", used);
        Assert.DoesNotContain("Transforms", used);
    }
}
