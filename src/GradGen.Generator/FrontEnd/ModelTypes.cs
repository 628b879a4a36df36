using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Model types (CONTRACT "Model types"): a struct, record struct, record or class whose fields and auto-properties hold
    /// double, float, their one-dimensional arrays or nested such types. GradGen differentiates a parameter of such a type
    /// member by member, and builds its gradient through whatever the type offers: an object initializer of the
    /// differentiable members, or a constructor whose parameters map one to one to them.
    /// </summary>
    internal static class ModelTypes
    {
        private const int MaxDepth = 8;

        /// <summary>Whether <paramref name="type"/> is a struct or class (not a type GradGen computes with) that holds double or
        /// float data, directly or in nested members: a candidate model type. Whether GradGen can build it is
        /// <see cref="Analyze"/>'s question.</summary>
        public static bool IsCandidate(ITypeSymbol type) => HoldsRealData(type, 0, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

        /// <summary>A parameter that is differentiated as a model type: of a candidate type, not [NoDerivative], by value or in.</summary>
        public static bool IsModelParameter(IParameterSymbol parameter) =>
            !SymbolFacts.HasNoDerivative(parameter) && parameter.RefKind is RefKind.None or RefKind.In or (RefKind)4 && IsCandidate(parameter.Type);

        private static bool HoldsRealData(ITypeSymbol type, int depth, HashSet<ITypeSymbol> visiting)
        {
            if (depth > MaxDepth || !IsStructOrClass(type) || !visiting.Add(type)) return false;
            try
            {
                bool inSource = type.Locations.Any(l => l.IsInSource);
                foreach ((ISymbol member, ITypeSymbol memberType) in DataMembers(type))
                {
                    // A type compiled elsewhere shows only its public members: its private state is not the user's data.
                    if (!inSource && member.DeclaredAccessibility != Accessibility.Public) continue;
                    if (SymbolFacts.Classify(memberType) is { } t && (t.IsReal || t.IsRealSequence || t.IsRealGrid)) return true;
                    if (SymbolFacts.Classify(memberType) is null && HoldsRealData(memberType, depth + 1, visiting)) return true;
                }

                return false;
            }
            finally
            {
                visiting.Remove(type);
            }
        }

        private static bool IsStructOrClass(ITypeSymbol type) =>
            type is INamedTypeSymbol { TypeKind: TypeKind.Struct or TypeKind.Class, SpecialType: SpecialType.None, IsRefLikeType: false } named
            && named.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
            && !named.IsTupleType && !named.IsAnonymousType
            && SymbolFacts.Classify(type) is null;

        /// <summary>The instance fields and auto-properties of <paramref name="type"/> (and of its base classes), in declaration
        /// order: a field, or for an auto-property its backing field's property.</summary>
        private static IEnumerable<(ISymbol Member, ITypeSymbol Type)> DataMembers(ITypeSymbol type)
        {
            var chain = new List<ITypeSymbol>();
            for (ITypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
            {
                chain.Insert(0, t);
            }

            foreach (ITypeSymbol t in chain)
            {
                foreach (ISymbol member in t.GetMembers())
                {
                    if (member is not IFieldSymbol { IsStatic: false, IsConst: false } field) continue;
                    if (field.AssociatedSymbol is IPropertySymbol property)
                    {
                        if (!property.IsStatic && !property.IsIndexer) yield return (property, property.Type);
                    }
                    else if (!field.IsImplicitlyDeclared)
                    {
                        yield return (field, field.Type);
                    }
                }
            }
        }

        /// <summary>How generated code reads and builds <paramref name="type"/> from <paramref name="within"/>, or null with
        /// <paramref name="why"/> saying what stands in the way.</summary>
        public static ModelShape? Analyze(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation, out string why) =>
            Analyze(type, within, compilation, 0, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), out why);

        private static ModelShape? Analyze(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation, int depth, HashSet<ITypeSymbol> visiting, out string why)
        {
            string display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            if (depth > MaxDepth || !visiting.Add(type))
            {
                why = "'" + display + "' holds itself, directly or through its members";
                return null;
            }

            try
            {
                if (SymbolFacts.NameOf(type) is not { } name)
                {
                    why = "generated code cannot name '" + display + "'";
                    return null;
                }

                if (type.IsAbstract)
                {
                    why = "'" + display + "' is abstract, so GradGen cannot create its gradient";
                    return null;
                }

                var members = new List<(ModelMember Member, ISymbol Symbol, ITypeSymbol Type)>();
                bool inSource = type.Locations.Any(l => l.IsInSource);
                foreach ((ISymbol member, ITypeSymbol memberType) in DataMembers(type))
                {
                    if (!inSource && member.DeclaredAccessibility != Accessibility.Public) continue;
                    TypeRef? t = SymbolFacts.Classify(memberType);
                    bool real = t is { } r && (r.IsReal || r.IsRealSequence || r.IsRealGrid);
                    bool nested = t is null && HoldsRealData(memberType, depth + 1, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));
                    if (!real && !nested) continue;
                    if (!compilation.IsSymbolAccessibleWithin(member, within))
                    {
                        why = "its member '" + member.Name + "' is not accessible here";
                        return null;
                    }

                    bool isField = member is IFieldSymbol;
                    bool settable = member switch
                    {
                        IFieldSymbol f => !f.IsReadOnly && !type.IsReadOnly,
                        IPropertySymbol p => p.SetMethod is { IsInitOnly: false } set && compilation.IsSymbolAccessibleWithin(set, within) && !type.IsReadOnly,
                        _ => false,
                    };
                    if (real)
                    {
                        if (t!.Value.IsRealGrid || t.Value.Shape != Shape.Array && !t.Value.IsScalar)
                        {
                            why = "its member '" + member.Name + "' is a '" + memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
                                + "'; a model type holds double, float, their one-dimensional arrays and nested such types";
                            return null;
                        }

                        members.Add((new ModelMember(member.Name, t, null, isField, settable), member, memberType));
                    }
                    else
                    {
                        ModelShape? inner = Analyze(memberType, within, compilation, depth + 1, visiting, out string innerWhy);
                        if (inner is null)
                        {
                            why = "its member '" + member.Name + "': " + innerWhy;
                            return null;
                        }

                        members.Add((new ModelMember(member.Name, null, inner, isField, settable), member, memberType));
                    }
                }

                var typeRef = new TypeRef(ScalarKind.Other, Shape.Scalar, name);
                bool isReference = type.IsReferenceType;
                if (CanInitialize(type, within, compilation, members.Select(m => m.Symbol).ToList()))
                {
                    why = string.Empty;
                    return new ModelShape(typeRef, isReference, ModelBuildKind.Initializer, members.Select(m => m.Member).ToEquatableArray());
                }

                foreach (IMethodSymbol constructor in ((INamedTypeSymbol)type).InstanceConstructors)
                {
                    if (constructor.Parameters.Length != members.Count || !compilation.IsSymbolAccessibleWithin(constructor, within)) continue;
                    var ordered = new List<ModelMember>();
                    var used = new HashSet<int>();
                    foreach (IParameterSymbol p in constructor.Parameters)
                    {
                        int index = members.FindIndex(m => string.Equals(m.Symbol.Name, p.Name, StringComparison.OrdinalIgnoreCase)
                            && SymbolEqualityComparer.Default.Equals(m.Type, p.Type));
                        if (index < 0 || !used.Add(index) || p.RefKind is RefKind.Ref or RefKind.Out) break;
                        ordered.Add(members[index].Member);
                    }

                    if (ordered.Count == members.Count)
                    {
                        why = string.Empty;
                        return new ModelShape(typeRef, isReference, ModelBuildKind.Constructor, ordered.ToEquatableArray());
                    }
                }

                why = "GradGen builds a gradient with an object initializer of its double, float and array members, or with a constructor whose parameters match them one to one by name and type, and '"
                    + display + "' offers neither (" + WhyNoInitializer(type, within, compilation, members.Select(m => m.Symbol).ToList()) + ")";
                return null;
            }
            finally
            {
                visiting.Remove(type);
            }
        }

        private static bool CanInitialize(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation, List<ISymbol> members) =>
            WhyNoInitializer(type, within, compilation, members) is null;

        private static string? WhyNoInitializer(ITypeSymbol type, INamedTypeSymbol within, Compilation compilation, List<ISymbol> members)
        {
            if (type.TypeKind == TypeKind.Class
                && !((INamedTypeSymbol)type).InstanceConstructors.Any(c => c.Parameters.Length == 0 && compilation.IsSymbolAccessibleWithin(c, within)))
            {
                return "it has no accessible parameterless constructor";
            }

            foreach (ISymbol member in members)
            {
                bool initializable = member switch
                {
                    IFieldSymbol f => !f.IsReadOnly,
                    IPropertySymbol p => p.SetMethod is { } set && compilation.IsSymbolAccessibleWithin(set, within),
                    _ => false,
                };
                if (!initializable) return "'" + member.Name + "' is " + (member is IFieldSymbol ? "readonly" : "get-only");
            }

            foreach (ISymbol member in type.GetMembers())
            {
                bool required = member is IFieldSymbol { IsRequired: true } or IPropertySymbol { IsRequired: true };
                if (required && !members.Contains(member, SymbolEqualityComparer.Default)) return "it has the required member '" + member.Name + "'";
            }

            return null;
        }

        /// <summary>Whether a local of <paramref name="type"/> can be held as its members: every data member (of the type and of
        /// nested types) a double or float without an initializer, so that a value is exactly its leaves; else
        /// <paramref name="why"/> says which member stands in the way.</summary>
        public static bool HoldsOnlyRealScalars(ITypeSymbol type, out string why) => HoldsOnlyRealScalars(type, 0, out why);

        private static bool HoldsOnlyRealScalars(ITypeSymbol type, int depth, out string why)
        {
            why = string.Empty;
            if (depth > MaxDepth) return false;
            foreach ((ISymbol member, ITypeSymbol memberType) in DataMembers(type))
            {
                TypeRef? t = SymbolFacts.Classify(memberType);
                if (t is { IsReal: true, IsScalar: true })
                {
                    foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
                    {
                        SyntaxNode node = reference.GetSyntax();
                        if (node is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer: not null }
                            || node is Microsoft.CodeAnalysis.CSharp.Syntax.PropertyDeclarationSyntax { Initializer: not null })
                        {
                            why = "its member '" + member.Name + "' has an initializer";
                            return false;
                        }
                    }

                    continue;
                }

                if (t is null && IsStructOrClass(memberType) && HoldsOnlyRealScalars(memberType, depth + 1, out why)) continue;
                if (why.Length == 0) why = "its member '" + member.Name + "' is a '" + memberType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "', not a double or float";
                return false;
            }

            return true;
        }

        /// <summary>The leaves of <paramref name="shape"/>, depth first in member order, each with its path.</summary>
        public static IEnumerable<(EquatableArray<string> Path, TypeRef Type)> Leaves(ModelShape shape) => Leaves(shape, new List<string>());

        private static IEnumerable<(EquatableArray<string>, TypeRef)> Leaves(ModelShape shape, List<string> prefix)
        {
            foreach (ModelMember member in shape.Members)
            {
                prefix.Add(member.Name);
                if (member.Leaf is { } leaf)
                {
                    yield return (prefix.ToEquatableArray(), leaf);
                }
                else
                {
                    foreach ((EquatableArray<string>, TypeRef) inner in Leaves(member.Nested!, prefix)) yield return inner;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }
}
