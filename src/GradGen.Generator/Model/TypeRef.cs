namespace GradGen.Generator.Model
{
    /// <summary>The element kinds the IR computes with.</summary>
    internal enum ScalarKind : byte
    {
        Double,
        Float,
        Int32,
        Int64,
        Boolean,

        /// <summary><c>uint</c>.</summary>
        UInt32,

        /// <summary><c>ulong</c>; an <see cref="IntConst"/> of this kind holds the value's bits.</summary>
        UInt64,

        /// <summary><c>short</c>: computed with as an <c>int</c>, as C# does.</summary>
        Int16,

        /// <summary><c>ushort</c>: computed with as an <c>int</c>.</summary>
        UInt16,

        /// <summary><c>byte</c>: computed with as an <c>int</c>.</summary>
        Byte,

        /// <summary><c>sbyte</c>: computed with as an <c>int</c>.</summary>
        SByte,

        /// <summary><c>char</c>: computed with as an <c>int</c>; its constants are written as characters.</summary>
        Char,

        /// <summary>A type GradGen only passes through (a parameter of a user type, a string, ...).</summary>
        Other,

        /// <summary>The floating-point type parameter of a generic method (<c>T</c> of <c>F&lt;T&gt;(T x) where T :
        /// IFloatingPointIeee754&lt;T&gt;</c>): computed with like <c>double</c>, through the static members of T. The
        /// generated file spells it with the method's own name for it (<see cref="MethodModel.Generic"/>).</summary>
        Generic,
    }

    /// <summary>How values of an element kind are laid out.</summary>
    internal enum Shape : byte
    {
        Scalar,
        Array,
        Span,
        ReadOnlySpan,

        /// <summary>A <c>GradGen.Tape&lt;T&gt;</c> of the element kind: values the forward sweep saves for the reverse sweep.</summary>
        Tape,

        /// <summary>A <c>GradGen.ScratchBuffer&lt;T&gt;</c> of the element kind: a pooled, zeroed buffer rented for one call.</summary>
        ScratchBuffer,

        /// <summary>A jagged array <c>T[][]</c>, read as <c>x[i][j]</c>; its element <c>x[i]</c> is an <see cref="Array"/>.</summary>
        Jagged,

        /// <summary>A two-dimensional array <c>T[,]</c>. In the IR, <c>x[i, j]</c> is an element access of an element
        /// access, <c>x[i]</c> then <c>[j]</c>, as for a jagged array; the inner access (a row) never stands alone.</summary>
        Matrix,
    }

    /// <summary>A type in the IR: an element kind and a shape. <see cref="OtherName"/> names an
    /// <see cref="ScalarKind.Other"/> type.</summary>
    internal readonly record struct TypeRef(ScalarKind Scalar, Shape Shape = Shape.Scalar, TypeName? OtherName = null)
    {
        public static readonly TypeRef Double = new(ScalarKind.Double);
        public static readonly TypeRef Float = new(ScalarKind.Float);
        public static readonly TypeRef Int32 = new(ScalarKind.Int32);
        public static readonly TypeRef Int64 = new(ScalarKind.Int64);
        public static readonly TypeRef Boolean = new(ScalarKind.Boolean);

        /// <summary>The kind, shape and name only: the record's own text would print <see cref="Element"/>, whose element is
        /// itself again, without end (a message that named a type overflowed the stack of the compiler).</summary>
        public override string ToString() => Shape + " " + Scalar + (OtherName is null ? string.Empty : " " + OtherName);

        public bool IsScalar => Shape == Shape.Scalar;

        /// <summary>A <c>double</c> or <c>float</c> value: the things that have derivatives.</summary>
        public bool IsReal => Shape == Shape.Scalar && IsRealKind(Scalar);

        /// <summary><c>double</c>, <c>float</c> or a method's floating-point type parameter.</summary>
        public static bool IsRealKind(ScalarKind kind) => kind is ScalarKind.Double or ScalarKind.Float or ScalarKind.Generic;

        /// <summary>An array or span of <c>double</c> or <c>float</c>.</summary>
        public bool IsRealSequence => IsSequence && IsRealKind(Scalar);

        /// <summary>An array or span: indexed, measured, iterated.</summary>
        public bool IsSequence => Shape is Shape.Array or Shape.Span or Shape.ReadOnlySpan;

        /// <summary>A type of GradGen's runtime that generated code uses (a tape, a scratch buffer).</summary>
        public bool IsRuntime => Shape is Shape.Tape or Shape.ScratchBuffer;

        /// <summary>An <c>int</c> or a <c>long</c>: the integers differentiation counts with (loop counters it runs backwards,
        /// trip counts). The other integer kinds are <see cref="IsIntegral"/> only.</summary>
        public bool IsInteger => Shape == Shape.Scalar && (Scalar == ScalarKind.Int32 || Scalar == ScalarKind.Int64);

        /// <summary>A scalar of any integer kind: <c>int</c>, <c>long</c>, <c>uint</c>, <c>ulong</c>, <c>short</c>, <c>ushort</c>,
        /// <c>byte</c>, <c>sbyte</c> or <c>char</c>.</summary>
        public bool IsIntegral => IsInteger || Shape == Shape.Scalar && IsIntegralKind(Scalar);

        /// <summary>A <c>short</c>, <c>ushort</c>, <c>byte</c>, <c>sbyte</c> or <c>char</c>: C# computes with it as an <c>int</c>, so an
        /// increment or a compound assignment of it converts the result back.</summary>
        public bool IsPromotedToInt => Shape == Shape.Scalar && Scalar is ScalarKind.Int16 or ScalarKind.UInt16 or ScalarKind.Byte or ScalarKind.SByte or ScalarKind.Char;

        public static bool IsIntegralKind(ScalarKind kind) => kind is ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.UInt32 or ScalarKind.UInt64
            or ScalarKind.Int16 or ScalarKind.UInt16 or ScalarKind.Byte or ScalarKind.SByte or ScalarKind.Char;

        public bool IsBoolean => Shape == Shape.Scalar && Scalar == ScalarKind.Boolean;

        /// <summary>The type of an element: a scalar, or a row (an array) of a jagged or two-dimensional array.</summary>
        public TypeRef Element => new(Scalar, IsGrid ? Shape.Array : Shape.Scalar, OtherName);

        /// <summary>A jagged or two-dimensional array: indexed twice, <c>x[i][j]</c> or <c>x[i, j]</c>.</summary>
        public bool IsGrid => Shape is Shape.Jagged or Shape.Matrix;

        /// <summary>A jagged or two-dimensional array of <c>double</c> or <c>float</c>.</summary>
        public bool IsRealGrid => IsGrid && IsRealKind(Scalar);

        public TypeRef WithShape(Shape shape) => new(Scalar, shape, OtherName);
    }
}
