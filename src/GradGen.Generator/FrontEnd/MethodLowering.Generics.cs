using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Generic methods (CONTRACT "Generic math"): a method over one type parameter T whose constraints imply
    /// <c>IFloatingPointIeee754&lt;T&gt;</c> computes with T as with a double (<see cref="ScalarKind.Generic"/>), and its generated
    /// members repeat its type parameters and constraints. Type parameters that only type data (held constant) come along
    /// unchanged. What GradGen cannot differentiate in generic form is one error at the construct, and the body is then not
    /// lowered: its operations on such a T would each be an error of their own.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        private GenericMethod? _generic;

        /// <summary>A generic signature GradGen does not differentiate was reported (GG0013 or GG0028).</summary>
        private bool _genericRejected;

        private void CheckGenerics()
        {
            int errorsBefore = ErrorCount;

            // A floating-point type parameter of a containing type would make a value of it silently constant.
            foreach (ITypeParameterSymbol outer in DifferentiableTypeParameters().Where(t => t.TypeParameterKind == TypeParameterKind.Type && ImpliesFloatingPoint(t)).Distinct<ITypeParameterSymbol>(SymbolEqualityComparer.Default))
            {
                Report(DiagnosticDescriptors.GenericMethod, _syntax.Identifier.GetLocation(), _method.Name,
                    "it computes with '" + outer.Name + "', a type parameter of its containing type; GradGen differentiates over a type parameter of the method itself (" + _method.Name + "<" + outer.Name + ">)");
            }

            if (_method.IsGenericMethod)
            {
                List<ITypeParameterSymbol> floating = _method.TypeParameters.Where(SymbolFacts.IsFloatingTypeParameter).ToList();
                if (floating.Count > 1)
                {
                    Report(DiagnosticDescriptors.GenericMethod, _syntax.TypeParameterList?.GetLocation() ?? _syntax.Identifier.GetLocation(), _method.Name,
                        "it has more than one floating-point type parameter (" + string.Join(", ", floating.Select(t => "'" + t.Name + "'")) + "); GradGen differentiates over one");
                }

                var used = new HashSet<ITypeParameterSymbol>(DifferentiableTypeParameters(), SymbolEqualityComparer.Default);
                foreach (ITypeParameterSymbol parameter in _method.TypeParameters)
                {
                    if (SymbolFacts.IsFloatingTypeParameter(parameter) || !used.Contains(parameter)) continue;
                    Location location = _syntax.TypeParameterList is { } list && parameter.Ordinal < list.Parameters.Count
                        ? list.Parameters[parameter.Ordinal].GetLocation()
                        : _syntax.Identifier.GetLocation();
                    Report(DiagnosticDescriptors.TypeParameterNotFloatingPoint, location, _method.Name, parameter.Name);
                }

                if (floating.Count > 0 && _method.ReturnType is INamedTypeSymbol { IsTupleType: true })
                {
                    Report(DiagnosticDescriptors.GenericMethod, _syntax.ReturnType.GetLocation(), _method.Name,
                        "vector-valued generic methods (a tuple of '" + floating[0].Name + "') are not differentiated; write it for double or float");
                }

                if (floating.Count > 0 && _method.Parameters.FirstOrDefault(p => !SymbolFacts.HasNoDerivative(p) && ModelTypes.IsModelParameter(p)) is { } model)
                {
                    ParameterSyntax? pSyntax = model.Ordinal < _syntax.ParameterList.Parameters.Count ? _syntax.ParameterList.Parameters[model.Ordinal] : null;
                    Report(DiagnosticDescriptors.GenericMethod, pSyntax?.GetLocation() ?? _syntax.Identifier.GetLocation(), _method.Name,
                        "a generic method is not differentiated with respect to a model-type parameter ('" + model.Name + "'); pass its members as '" + floating[0].Name + "' or array parameters");
                }

                if (ErrorCount == errorsBefore)
                {
                    if (TypeParameterModels() is { } models) _generic = new GenericMethod(floating.Count == 1 ? floating[0].Name : string.Empty, models);
                }
            }

            _genericRejected = ErrorCount != errorsBefore;
        }

        /// <summary>Every type parameter that a differentiable position holds: the return type (or its tuple's elements), and the
        /// parameters (not [NoDerivative], not by ref) whose type is a number type parameter (one constrained to INumberBase of
        /// itself), as a value, an array, a span or a grid. A type parameter of any other kind types data, held constant as any
        /// parameter of a type without derivatives is.</summary>
        private IEnumerable<ITypeParameterSymbol> DifferentiableTypeParameters()
        {
            if (ElementTypeParameter(_method.ReturnType) is { } result) yield return result;
            if (_method.ReturnType is INamedTypeSymbol { IsTupleType: true } tuple)
            {
                foreach (IFieldSymbol element in tuple.TupleElements)
                {
                    if (ElementTypeParameter(element.Type) is { } e) yield return e;
                }
            }

            foreach (IParameterSymbol p in _method.Parameters)
            {
                if (SymbolFacts.HasNoDerivative(p) || p.RefKind is RefKind.Ref or RefKind.Out) continue;
                if (ElementTypeParameter(p.Type) is { } t && (ImpliesFloatingPoint(t) || IsNumberTypeParameter(t))) yield return t;
            }
        }

        /// <summary>T of T, T[], T[][], T[,], Span&lt;T&gt; and ReadOnlySpan&lt;T&gt;.</summary>
        private static ITypeParameterSymbol? ElementTypeParameter(ITypeSymbol type)
        {
            for (int depth = 0; depth < 3; depth++)
            {
                switch (type)
                {
                    case ITypeParameterSymbol parameter:
                        return parameter;
                    case IArrayTypeSymbol array:
                        type = array.ElementType;
                        break;
                    case INamedTypeSymbol { TypeArguments.Length: 1 } named
                        when SymbolFacts.IsNamed(named.OriginalDefinition, "System.Span`1") || SymbolFacts.IsNamed(named.OriginalDefinition, "System.ReadOnlySpan`1"):
                        type = named.TypeArguments[0];
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>A type parameter constrained to <c>INumberBase&lt;T&gt;</c> of itself (directly or through an interface that implies
        /// it): a number, which as a parameter would be a differentiable value if it were a floating-point one.</summary>
        private static bool IsNumberTypeParameter(ITypeParameterSymbol parameter) =>
            parameter.ConstraintTypes.Any(c => c is INamedTypeSymbol named
                && (IsNumberBase(named, parameter) || named.AllInterfaces.Any(i => IsNumberBase(i, parameter))));

        private static bool IsNumberBase(INamedTypeSymbol type, ITypeParameterSymbol parameter) =>
            type.TypeArguments.Length == 1 && SymbolFacts.IsNamed(type.OriginalDefinition, "System.Numerics.INumberBase`1")
            && SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], parameter);

        /// <summary>Data of a number type parameter (T, T[], a span of T): [NoDerivative] on it says it is data, and is not redundant.</summary>
        private static bool IsNumberTypeParameterData(ITypeSymbol type) => ElementTypeParameter(type) is { } t && IsNumberTypeParameter(t);

        /// <summary>Whether a type parameter's constraints imply IFloatingPointIeee754 of itself (whatever declares it).</summary>
        private static bool ImpliesFloatingPoint(ITypeParameterSymbol parameter) =>
            parameter.ConstraintTypes.Any(c => c is INamedTypeSymbol named
                && (IsIeee754(named, parameter) || named.AllInterfaces.Any(i => IsIeee754(i, parameter))));

        private static bool IsIeee754(INamedTypeSymbol type, ITypeParameterSymbol parameter) =>
            type.TypeArguments.Length == 1 && SymbolFacts.IsNamed(type.OriginalDefinition, SymbolFacts.FloatingPointIeee754Name)
            && SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], parameter);

        /// <summary>The type parameters and their constraints as the generated members repeat them, or null after reporting a
        /// constraint type generated code cannot name.</summary>
        private EquatableArray<TypeParameterModel>? TypeParameterModels()
        {
            var list = new List<TypeParameterModel>();
            foreach (ITypeParameterSymbol t in _method.TypeParameters)
            {
                PrimaryConstraint primary = t.HasUnmanagedTypeConstraint ? PrimaryConstraint.Unmanaged
                    : t.HasValueTypeConstraint ? PrimaryConstraint.Struct
                    : t.HasReferenceTypeConstraint ? PrimaryConstraint.Class
                    : t.HasNotNullConstraint ? PrimaryConstraint.NotNull
                    : PrimaryConstraint.None;
                var constraints = new List<TypeName>();
                foreach (ITypeSymbol c in t.ConstraintTypes)
                {
                    if (NameOf(c, (SyntaxNode?)_syntax.TypeParameterList ?? _syntax) is not { } name) return null;
                    constraints.Add(name);
                }

                list.Add(new TypeParameterModel(t.Name, primary, constraints.ToEquatableArray(), t.HasConstructorConstraint));
            }

            return list.ToEquatableArray();
        }
    }
}
