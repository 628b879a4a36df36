using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
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

        /// <summary>Whether <paramref name="method"/> is marked <c>[Differentiable(Forward = true)]</c>.</summary>
        public static bool IsForward(IMethodSymbol method) => NamedFlag(method, "Forward") is not null;

        /// <summary>The [Differentiable] attribute when it sets Hessian = true, or null.</summary>
        public static AttributeData? Hessian(IMethodSymbol method) => NamedFlag(method, "Hessian");

        /// <summary>The [Differentiable] attribute when it sets WithRespectToThis = true, or null.</summary>
        public static AttributeData? WithRespectToThis(IMethodSymbol method) => NamedFlag(method, "WithRespectToThis");

        private static AttributeData? NamedFlag(IMethodSymbol method, string name)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is not { } cls || !IsNamed(cls, DifferentiableAttributeName)) continue;
                foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                {
                    if (argument.Key == name && argument.Value.Value is true) return attribute;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether a call to <paramref name="method"/> from a [Differentiable] method is differentiated through a pullback
        /// GradGen generates for it although it is not marked: an ordinary method (not generic, not virtual, so the body
        /// is the one that runs) that returns double or float and has a differentiable parameter. Only methods whose
        /// source is in the same compilation qualify (<see cref="CallContext.IsInSource"/>), as in Clad and Enzyme;
        /// across assemblies [Differentiable] is required.
        /// </summary>
        public static bool IsImplicitCandidate(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary
            && !method.IsGenericMethod
            && !method.IsAbstract && !method.IsVirtual && !method.IsOverride && !method.IsExtern
            && method.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct }
            && !method.ReturnsByRef && !method.ReturnsByRefReadonly
            && Classify(method.ReturnType) is { IsReal: true }
            && method.Parameters.Any(p => IsDifferentiableParameter(p) || ModelTypes.IsModelParameter(p))
            && !IsDifferentiable(method)
            && !(method.PartialDefinitionPart is { } definition && IsDifferentiable(definition));

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
            : IsGenericMathInterface(type) ? Owners.NumberType
            : null;

        /// <summary>An interface whose first type argument is a method's floating-point type parameter T
        /// (<c>IExponentialFunctions&lt;T&gt;</c>, <c>IMultiplyOperators&lt;T, T, T&gt;</c>): its static members are what <c>T.Exp(x)</c>,
        /// <c>T.One</c> and <c>x * y</c> of a T bind to.</summary>
        public static bool IsGenericMathInterface(ITypeSymbol? type) =>
            type is INamedTypeSymbol { TypeKind: TypeKind.Interface, TypeArguments.Length: > 0 } named
            && named.TypeArguments[0] is ITypeParameterSymbol parameter && IsFloatingTypeParameter(parameter);

        /// <summary>A static member reached through a method's floating-point type parameter (<c>T.Exp</c>, <c>T.One</c>, T's operators).</summary>
        public static bool IsGenericMathMember(ISymbol? member) => member is { IsStatic: true } && IsGenericMathInterface(member.ContainingType);

        /// <summary>An operator C# computes itself (no method), or one of a floating-point type parameter's: both are arithmetic GradGen knows.</summary>
        public static bool IsArithmeticOperator(IMethodSymbol? operatorMethod) => operatorMethod is null || IsGenericMathMember(operatorMethod);

        /// <summary>The IR type of a C# type, or null when GradGen cannot compute with it.</summary>
        public static TypeRef? Classify(ITypeSymbol? type)
        {
            switch (type)
            {
                case null:
                    return null;
                case IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1 } row }:
                    return ClassifyElement(row.ElementType) is { } j ? new TypeRef(j, Shape.Jagged) : null;
                case IArrayTypeSymbol array when array.Rank == 1:
                    return ClassifyElement(array.ElementType) is { } e ? new TypeRef(e, Shape.Array) : TupleData(array.ElementType, Shape.Array);
                case IArrayTypeSymbol { Rank: 2 } matrix:
                    return ClassifyElement(matrix.ElementType) is { } m ? new TypeRef(m, Shape.Matrix) : null;
                case INamedTypeSymbol named when named.IsGenericType && named.TypeArguments.Length == 1:
                    if (IsNamed(named.OriginalDefinition, "System.Span`1"))
                    {
                        return ClassifyElement(named.TypeArguments[0]) is { } s ? new TypeRef(s, Shape.Span) : TupleData(named.TypeArguments[0], Shape.Span);
                    }

                    if (IsNamed(named.OriginalDefinition, "System.ReadOnlySpan`1"))
                    {
                        return ClassifyElement(named.TypeArguments[0]) is { } r ? new TypeRef(r, Shape.ReadOnlySpan) : TupleData(named.TypeArguments[0], Shape.ReadOnlySpan);
                    }

                    return null;
                case INamedTypeSymbol { TypeKind: TypeKind.Enum } enumeration:
                    // Enums are constants GradGen passes around and compares, never differentiates.
                    return NameOf(enumeration) is { } name ? new TypeRef(ScalarKind.Other, Shape.Scalar, name) : null;
                default:
                    return ClassifyElement(type) is { } k ? new TypeRef(k) : null;
            }
        }

        /// <summary>An array or span of tuples, <c>(int User, int Item, double Rating)[]</c>: data, never differentiated (like a
        /// parameter of any other type it is a constant), whose elements are read in place, <c>ratings[i].Rating</c>. Its
        /// element is a <see cref="ScalarKind.Other"/> value named by the tuple type.</summary>
        private static TypeRef? TupleData(ITypeSymbol element, Shape shape) =>
            element is INamedTypeSymbol { IsTupleType: true } && NameOf(element) is { } name ? new TypeRef(ScalarKind.Other, shape, name) : null;

        private static ScalarKind? ClassifyElement(ITypeSymbol type) => type is ITypeParameterSymbol parameter
            ? IsFloatingTypeParameter(parameter) ? ScalarKind.Generic : null
            : type.SpecialType switch
        {
            SpecialType.System_Double => ScalarKind.Double,
            SpecialType.System_Single => ScalarKind.Float,
            SpecialType.System_Int32 => ScalarKind.Int32,
            SpecialType.System_Int64 => ScalarKind.Int64,
            SpecialType.System_Boolean => ScalarKind.Boolean,
            SpecialType.System_UInt32 => ScalarKind.UInt32,
            SpecialType.System_UInt64 => ScalarKind.UInt64,
            SpecialType.System_Int16 => ScalarKind.Int16,
            SpecialType.System_UInt16 => ScalarKind.UInt16,
            SpecialType.System_Byte => ScalarKind.Byte,
            SpecialType.System_SByte => ScalarKind.SByte,
            SpecialType.System_Char => ScalarKind.Char,
            _ => null,
        };

        /// <summary>The name of the generic-math interface every floating-point type parameter GradGen computes with implies.</summary>
        public const string FloatingPointIeee754Name = "System.Numerics.IFloatingPointIeee754`1";

        /// <summary>
        /// A type parameter of a method (not of a type) whose constraints imply <c>IFloatingPointIeee754&lt;T&gt;</c> of
        /// itself: directly, through an interface that inherits it (<c>IBinaryFloatingPointIeee754&lt;T&gt;</c>, a user's),
        /// or through another type parameter that does. Values of it have derivatives, computed through T's static members.
        /// </summary>
        public static bool IsFloatingTypeParameter(ITypeParameterSymbol parameter) =>
            parameter.TypeParameterKind == TypeParameterKind.Method && ImpliesFloatingPoint(parameter, parameter, 0);

        private static bool ImpliesFloatingPoint(ITypeParameterSymbol self, ITypeParameterSymbol parameter, int depth)
        {
            if (depth > 8) return false;
            foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
            {
                if (constraint is ITypeParameterSymbol other ? ImpliesFloatingPoint(self, other, depth + 1) : IsFloatingPointOf(constraint, self)) return true;
            }

            return false;
        }

        private static bool IsFloatingPointOf(ITypeSymbol constraint, ITypeParameterSymbol self)
        {
            if (constraint is not INamedTypeSymbol named) return false;
            if (IsIeee754Of(named, self)) return true;
            foreach (INamedTypeSymbol inherited in named.AllInterfaces)
            {
                if (IsIeee754Of(inherited, self)) return true;
            }

            return false;
        }

        private static bool IsIeee754Of(INamedTypeSymbol type, ITypeParameterSymbol self) =>
            type.TypeArguments.Length == 1 && IsNamed(type.OriginalDefinition, FloatingPointIeee754Name)
            && SymbolEqualityComparer.Default.Equals(type.TypeArguments[0], self);

        /// <summary>The C# keyword type of a scalar kind GradGen computes with (not <see cref="ScalarKind.Other"/>).</summary>
        public static BuiltInType BuiltInTypeOf(ScalarKind kind) => kind switch
        {
            ScalarKind.Double => BuiltInType.Double,
            ScalarKind.Float => BuiltInType.Single,
            ScalarKind.Int32 => BuiltInType.Int32,
            ScalarKind.Int64 => BuiltInType.Int64,
            ScalarKind.UInt32 => BuiltInType.UInt32,
            ScalarKind.UInt64 => BuiltInType.UInt64,
            ScalarKind.Int16 => BuiltInType.Int16,
            ScalarKind.UInt16 => BuiltInType.UInt16,
            ScalarKind.Byte => BuiltInType.Byte,
            ScalarKind.SByte => BuiltInType.SByte,
            ScalarKind.Char => BuiltInType.Char,
            _ => BuiltInType.Boolean,
        };

        /// <summary>The constant a compiler holds as <paramref name="value"/> for something of <paramref name="type"/>,
        /// or null for a value of another type: a number of an enum type, or of a nullable one, names the enum.</summary>
        public static ConstantValue? ConstantOf(object? value, ITypeSymbol? type)
        {
            ConstantValue? constant = ConstantValue.Of(value);
            ITypeSymbol? underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;
            return constant is { IsNumber: true } && underlying is { TypeKind: TypeKind.Enum } && NameOf(underlying) is { } name
                ? constant with { Enum = name }
                : constant;
        }

        /// <summary>
        /// The name generated code gives <paramref name="type"/>: what <see cref="QualifiedFormat"/> displays, as a
        /// tree. Null for a type C# cannot name there: a pointer or function pointer (generated members are not
        /// unsafe), an anonymous type, a type the compiler could not bind, and the odd array or tuple that only
        /// metadata can hold.
        /// </summary>
        public static TypeName? NameOf(ITypeSymbol type)
        {
            TypeName? name = type switch
            {
                IArrayTypeSymbol array => array.IsSZArray || array.Rank > 1
                    ? NameOf(array.ElementType) is { } element ? new ArrayTypeName(element, array.Rank) : null
                    : null,
                ITypeParameterSymbol parameter => new TypeParameterName(parameter.Name),
                IDynamicTypeSymbol => new BuiltInTypeName(BuiltInType.Dynamic),
                INamedTypeSymbol named => NameOfNamed(named),
                _ => null,
            };

            // A reference type (or a type parameter) annotated as nullable; a nullable value type is named as such.
            bool annotated = type.NullableAnnotation == NullableAnnotation.Annotated && !type.IsValueType;
            return name is not null && annotated ? new NullableTypeName(name) : name;
        }

        private static TypeName? NameOfNamed(INamedTypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Error || type.IsAnonymousType || type.IsUnboundGenericType) return null;
            if (BuiltIn(type) is { } builtIn) return new BuiltInTypeName(builtIn);
            if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && !type.IsDefinition)
            {
                return NameOf(type.TypeArguments[0]) is { } underlying ? new NullableTypeName(underlying) : null;
            }

            if (type.IsTupleType && type.TupleElements.Length > 1)
            {
                return TupleNameOf(type);
            }

            NamedTypeName? containing = null;
            if (type.ContainingType is not null)
            {
                if (NameOf(type.ContainingType) is not NamedTypeName outer) return null;
                containing = outer;
            }

            var arguments = new List<TypeName>();
            foreach (ITypeSymbol argument in type.TypeArguments)
            {
                if (NameOf(argument) is not { } name) return null;
                arguments.Add(name);
            }

            return new NamedTypeName(containing is null ? NamespaceName(type.ContainingNamespace) : null, containing, type.Name, arguments.ToEquatableArray());
        }

        /// <summary>The dotted name of a namespace, from its identifiers; null for the global namespace.</summary>
        public static string? NamespaceName(INamespaceSymbol? ns) =>
            ns is null || ns.IsGlobalNamespace ? null
            : NamespaceName(ns.ContainingNamespace) is { } outer ? outer + "." + ns.Name
            : ns.Name;

        /// <summary><c>(T1 a, T2, ...)</c>; null for a tuple whose tail (<c>TRest</c>) names its elements, which
        /// only the <c>ValueTuple</c> spelling keeps.</summary>
        private static TypeName? TupleNameOf(INamedTypeSymbol tuple)
        {
            for (INamedTypeSymbol underlying = tuple.TupleUnderlyingType ?? tuple; underlying.Arity == 8;)
            {
                if (underlying.TypeArguments[7] is not INamedTypeSymbol { TypeKind: not TypeKind.Error } rest
                    || rest.TupleElements.Any(e => e.IsExplicitlyNamedTupleElement))
                {
                    return null;
                }

                underlying = rest.TupleUnderlyingType ?? rest;
            }

            var elements = new List<TupleElementName>();
            foreach (IFieldSymbol element in tuple.TupleElements)
            {
                if (NameOf(element.Type) is not { } type) return null;
                elements.Add(new TupleElementName(type, element.IsExplicitlyNamedTupleElement ? element.Name : null));
            }

            return new TupleTypeName(elements.ToEquatableArray());
        }

        private static BuiltInType? BuiltIn(INamedTypeSymbol type) => type.SpecialType switch
        {
            SpecialType.System_Object => BuiltInType.Object,
            SpecialType.System_String => BuiltInType.String,
            SpecialType.System_Boolean => BuiltInType.Boolean,
            SpecialType.System_Char => BuiltInType.Char,
            SpecialType.System_SByte => BuiltInType.SByte,
            SpecialType.System_Byte => BuiltInType.Byte,
            SpecialType.System_Int16 => BuiltInType.Int16,
            SpecialType.System_UInt16 => BuiltInType.UInt16,
            SpecialType.System_Int32 => BuiltInType.Int32,
            SpecialType.System_UInt32 => BuiltInType.UInt32,
            SpecialType.System_Int64 => BuiltInType.Int64,
            SpecialType.System_UInt64 => BuiltInType.UInt64,
            SpecialType.System_IntPtr when type.IsNativeIntegerType => BuiltInType.NInt,
            SpecialType.System_UIntPtr when type.IsNativeIntegerType => BuiltInType.NUInt,
            SpecialType.System_Single => BuiltInType.Single,
            SpecialType.System_Double => BuiltInType.Double,
            SpecialType.System_Decimal => BuiltInType.Decimal,
            SpecialType.System_Void => BuiltInType.Void,
            _ => null,
        };

        /// <summary>Whether a parameter of this type is differentiated unless marked [NoDerivative].</summary>
        public static bool IsDifferentiableType(TypeRef? type) => type is { } t && (t.IsReal || t.IsRealSequence || t.IsRealGrid);

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
