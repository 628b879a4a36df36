using GradGen.Generator.Model;
using GradGen.Generator.Rules;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>Facts about symbols that the front end, the analyzer and the code fixes share.</summary>
    internal static class SymbolFacts
    {
        public const string DifferentiableAttributeName = "GradGen.DifferentiableAttribute";
        public const string NoDerivativeAttributeName = "GradGen.NoDerivativeAttribute";
        public const string GradientsTypeName = "GradGen.Gradients";

        public static readonly SymbolDisplayFormat QualifiedFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers | SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        public static bool HasAttribute(ISymbol symbol, string metadataName)
        {
            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { } cls && IsNamed(cls, metadataName))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsDifferentiable(IMethodSymbol method) => HasAttribute(method, DifferentiableAttributeName);

        public static bool HasNoDerivative(IParameterSymbol parameter) => HasAttribute(parameter, NoDerivativeAttributeName);

        /// <summary>True when <paramref name="type"/> is the type with the given metadata name (namespace.Name).</summary>
        public static bool IsNamed(ITypeSymbol type, string metadataName)
        {
            int dot = metadataName.LastIndexOf('.');
            string name = metadataName.Substring(dot + 1);
            string ns = dot < 0 ? string.Empty : metadataName.Substring(0, dot);
            return type.MetadataName == name && type.ContainingType is null && NamespaceIs(type.ContainingNamespace, ns);
        }

        private static bool NamespaceIs(INamespaceSymbol? symbol, string name)
        {
            if (name.Length == 0)
            {
                return symbol is null || symbol.IsGlobalNamespace;
            }

            int dot = name.LastIndexOf('.');
            string last = name.Substring(dot + 1);
            return symbol is not null && !symbol.IsGlobalNamespace && symbol.Name == last
                && NamespaceIs(symbol.ContainingNamespace, dot < 0 ? string.Empty : name.Substring(0, dot));
        }

        public static bool IsSystemMath(ITypeSymbol? type) =>
            type is not null && (IsNamed(type, "System.Math") || IsNamed(type, "System.MathF"));

        /// <summary>Where elementary functions of <paramref name="type"/> live: Math and MathF, or the static
        /// methods of double and float (generic math); null for any other type.</summary>
        public static Owners? ElementaryFunctionOwner(ITypeSymbol? type) =>
            IsSystemMath(type) ? Owners.Math
            : type is { SpecialType: SpecialType.System_Double or SpecialType.System_Single } ? Owners.NumberType
            : null;

        /// <summary>The IR type of a C# type, or null when GradGen cannot compute with it.</summary>
        public static TypeRef? Classify(ITypeSymbol? type)
        {
            switch (type)
            {
                case null:
                    return null;
                case IArrayTypeSymbol array when array.Rank == 1:
                    return ClassifyElement(array.ElementType) is { } e ? new TypeRef(e, Shape.Array) : null;
                case INamedTypeSymbol named when named.IsGenericType && named.TypeArguments.Length == 1:
                    if (IsNamed(named.OriginalDefinition, "System.Span`1"))
                    {
                        return ClassifyElement(named.TypeArguments[0]) is { } s ? new TypeRef(s, Shape.Span) : null;
                    }

                    if (IsNamed(named.OriginalDefinition, "System.ReadOnlySpan`1"))
                    {
                        return ClassifyElement(named.TypeArguments[0]) is { } r ? new TypeRef(r, Shape.ReadOnlySpan) : null;
                    }

                    return null;
                case INamedTypeSymbol { TypeKind: TypeKind.Enum } enumeration:
                    // Enums are constants GradGen passes around and compares, never differentiates.
                    return new TypeRef(ScalarKind.Other, Shape.Scalar, enumeration.ToDisplayString(QualifiedFormat));
                default:
                    return ClassifyElement(type) is { } k ? new TypeRef(k) : null;
            }
        }

        private static ScalarKind? ClassifyElement(ITypeSymbol type) => type.SpecialType switch
        {
            SpecialType.System_Double => ScalarKind.Double,
            SpecialType.System_Single => ScalarKind.Float,
            SpecialType.System_Int32 => ScalarKind.Int32,
            SpecialType.System_Int64 => ScalarKind.Int64,
            SpecialType.System_Boolean => ScalarKind.Boolean,
            _ => null,
        };

        /// <summary>The IR type of a parameter: a computable type, or an opaque one passed through.</summary>
        public static TypeRef ClassifyParameter(ITypeSymbol type) =>
            Classify(type) ?? new TypeRef(ScalarKind.Other, Shape.Scalar, type.ToDisplayString(QualifiedFormat));

        /// <summary>Whether a parameter of this type is differentiated unless marked [NoDerivative].</summary>
        public static bool IsDifferentiableType(TypeRef? type) => type is { } t && (t.IsReal || t.IsRealSequence);

        public static ParameterRefKind ToModel(RefKind kind) => kind switch
        {
            RefKind.In => ParameterRefKind.In,
            RefKind.Ref => ParameterRefKind.Ref,
            RefKind.Out => ParameterRefKind.Out,
            (RefKind)4 => ParameterRefKind.RefReadOnly, // RefKind.RefReadOnlyParameter (C# 12); Roslyn 4.8 knows it by value.
            _ => ParameterRefKind.None,
        };

        /// <summary>Whether the method is a differentiable parameter by GradGen's rules (type, ref kind, attribute).</summary>
        public static bool IsDifferentiableParameter(IParameterSymbol parameter) =>
            IsDifferentiableType(Classify(parameter.Type))
            && !HasNoDerivative(parameter)
            && parameter.RefKind is RefKind.None or RefKind.In or (RefKind)4;
    }
}
