using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model
{
    /// <summary>The types C# names with a keyword of their own.</summary>
    internal enum BuiltInType : byte
    {
        Object,
        String,
        Boolean,
        Char,
        SByte,
        Byte,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,

        /// <summary><c>nint</c>: <c>System.IntPtr</c> used as a native integer.</summary>
        NInt,

        /// <summary><c>nuint</c>: <c>System.UIntPtr</c> used as a native integer.</summary>
        NUInt,

        Single,
        Double,
        Decimal,
        Void,
        Dynamic,
    }

    /// <summary>
    /// A type GradGen passes through without computing with it (a parameter held constant, the type of a member
    /// read, an exception thrown, a type argument), as a tree of names. The emitter spells it, globally qualified.
    /// </summary>
    internal abstract record TypeName
    {
        public static readonly TypeName Void = new BuiltInTypeName(BuiltInType.Void);
    }

    /// <summary>A type with a keyword of its own (<c>string</c>, <c>object</c>, <c>void</c>, ...).</summary>
    internal sealed record BuiltInTypeName(BuiltInType Type) : TypeName;

    /// <summary>A class, struct, interface, enum or delegate: its namespace's dotted name (null for the global
    /// namespace) or, for a nested type, the type that contains it; its identifier; its type arguments.</summary>
    internal sealed record NamedTypeName(string? Namespace, NamedTypeName? ContainingType, string Name, EquatableArray<TypeName> TypeArguments) : TypeName;

    /// <summary>An array of <see cref="Element"/> with <see cref="Rank"/> dimensions.</summary>
    internal sealed record ArrayTypeName(TypeName Element, int Rank) : TypeName;

    /// <summary><c>T?</c>: a nullable value type, or a reference type annotated as nullable.</summary>
    internal sealed record NullableTypeName(TypeName Underlying) : TypeName;

    /// <summary>A tuple written as <c>(T1 Name1, T2, ...)</c>.</summary>
    internal sealed record TupleTypeName(EquatableArray<TupleElementName> Elements) : TypeName;

    /// <summary>An element of a tuple type: its type, and its name when the tuple names it.</summary>
    internal sealed record TupleElementName(TypeName Type, string? Name);

    /// <summary>The floating-point type parameter of the generic method being differentiated (<see cref="ScalarKind.Generic"/>),
    /// spelled with the method's own name for it: the owner of <c>T.One</c>, <c>T.IsNaN</c>.</summary>
    internal sealed record GenericScalarName : TypeName
    {
        public static readonly GenericScalarName Instance = new();
    }

    /// <summary>A type parameter of a containing type, by its identifier.</summary>
    internal sealed record TypeParameterName(string Name) : TypeName;
}
