using System;
using System.Globalization;

namespace GradGen.Generator.Model
{
    /// <summary>The kinds of <see cref="ConstantValue"/>: the types of C# constants, and <c>default</c>; the numbers come last.</summary>
    internal enum ConstantKind : byte
    {
        Null,

        /// <summary>The default value of a type whose constants C# cannot write otherwise.</summary>
        Default,

        Boolean,
        Char,
        String,
        SByte,
        Byte,
        Int16,
        UInt16,
        Int32,
        UInt32,
        Int64,
        UInt64,
        Decimal,
        Single,
        Double,
    }

    /// <summary>
    /// A constant GradGen passes through without computing with it (a default value, an argument of an exception
    /// thrown, a string given to a call), held as data: <see cref="Text"/> is the string itself, the char, or the
    /// invariant-culture digits of an integer or a decimal; <see cref="Bits"/> holds a <c>float</c> or <c>double</c>
    /// (as the bits of a double) and a <c>bool</c> (1 for true); <see cref="Enum"/> is the enum type of a number that
    /// is a value of one. The emitter writes it as a C# literal.
    /// </summary>
    internal sealed record ConstantValue(ConstantKind Kind, string Text = "", long Bits = 0, TypeName? Enum = null)
    {
        public static readonly ConstantValue Null = new(ConstantKind.Null);

        public static readonly ConstantValue Default = new(ConstantKind.Default);

        /// <summary>An integer or a decimal, a float or a double.</summary>
        public bool IsNumber => Kind >= ConstantKind.SByte;

        /// <summary>The constant a compiler holds as <paramref name="value"/>, or null for a value of another type.</summary>
        public static ConstantValue? Of(object? value) => value switch
        {
            null => Null,
            string s => new ConstantValue(ConstantKind.String, s),
            char c => new ConstantValue(ConstantKind.Char, c.ToString()),
            bool b => new ConstantValue(ConstantKind.Boolean, Bits: b ? 1 : 0),
            double d => new ConstantValue(ConstantKind.Double, Bits: BitConverter.DoubleToInt64Bits(d)),
            float f => new ConstantValue(ConstantKind.Single, Bits: BitConverter.DoubleToInt64Bits(f)),
            sbyte => Digits(ConstantKind.SByte, value),
            byte => Digits(ConstantKind.Byte, value),
            short => Digits(ConstantKind.Int16, value),
            ushort => Digits(ConstantKind.UInt16, value),
            int => Digits(ConstantKind.Int32, value),
            uint => Digits(ConstantKind.UInt32, value),
            long => Digits(ConstantKind.Int64, value),
            ulong => Digits(ConstantKind.UInt64, value),
            decimal => Digits(ConstantKind.Decimal, value),
            _ => null,
        };

        private static ConstantValue Digits(ConstantKind kind, object value) =>
            new(kind, Convert.ToString(value, CultureInfo.InvariantCulture)!);
    }
}
