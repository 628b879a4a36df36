using System;
using System.Globalization;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Emit
{
    /// <summary>
    /// C# literals for constants: invariant culture, shortest text that reads back as the same bits
    /// (so generated code computes exactly what the user's code computes), never a locale's minus sign.
    /// </summary>
    internal static class Literals
    {
        public static string Real(double value, ScalarKind kind)
        {
            if (kind == ScalarKind.Generic) return GenericReal(value);
            bool isFloat = kind == ScalarKind.Float;
            string type = isFloat ? "float" : "double";
            if (double.IsNaN(value)) return type + ".NaN";
            if (double.IsPositiveInfinity(value)) return type + ".PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return type + ".NegativeInfinity";

            string text;
            if (isFloat)
            {
                float f = (float)value;
                text = f.ToString("R", CultureInfo.InvariantCulture);
                if (float.Parse(text, CultureInfo.InvariantCulture) != f)
                {
                    text = f.ToString("G9", CultureInfo.InvariantCulture);
                }
            }
            else
            {
                text = value.ToString("R", CultureInfo.InvariantCulture);
                if (BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)) != BitConverter.DoubleToInt64Bits(value))
                {
                    text = value.ToString("G17", CultureInfo.InvariantCulture);
                }
            }

            if (value == 0 && BitConverter.DoubleToInt64Bits(value) != 0 && !text.StartsWith("-", StringComparison.Ordinal))
            {
                text = "-" + text; // negative zero
            }

            if (isFloat)
            {
                return text + "f";
            }

            return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
        }

        /// <summary>A constant of a method's floating-point type parameter T: its named constants where there is one
        /// (<c>T.Zero</c>, <c>T.One</c>, <c>T.NaN</c>, ...), otherwise the double converted, <c>T.CreateChecked(0.5)</c>, as the
        /// user's <c>T.CreateChecked(0.5)</c> converts it (a double literal never meets a T).</summary>
        private static string GenericReal(double value)
        {
            string t = TypeNames.GenericName + ".";
            if (double.IsNaN(value)) return t + "NaN";
            if (double.IsPositiveInfinity(value)) return t + "PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return t + "NegativeInfinity";
            if (value == 0) return t + (BitConverter.DoubleToInt64Bits(value) != 0 ? "NegativeZero" : "Zero");
            if (value == 1) return t + "One";
            if (value == -1) return t + "NegativeOne";
            return t + "CreateChecked(" + Real(value, ScalarKind.Double) + ")";
        }

        /// <summary>An integer of its own type: <c>5L</c>, <c>5U</c>, <c>5UL</c> (a <c>ulong</c> held as its bits), <c>'a'</c>, and
        /// <c>(byte)5</c> for the kinds without a suffix, so that overloads and conversions see the type the user's code has.</summary>
        public static string Integer(long value, ScalarKind kind) => kind switch
        {
            ScalarKind.Int64 => value.ToString(CultureInfo.InvariantCulture) + "L",
            ScalarKind.UInt32 => value.ToString(CultureInfo.InvariantCulture) + "U",
            ScalarKind.UInt64 => unchecked((ulong)value).ToString(CultureInfo.InvariantCulture) + "UL",
            ScalarKind.Char => SymbolDisplay.FormatLiteral((char)value, quote: true),
            ScalarKind.Int16 => "(short)" + Signed(value),
            ScalarKind.UInt16 => "(ushort)" + value.ToString(CultureInfo.InvariantCulture),
            ScalarKind.Byte => "(byte)" + value.ToString(CultureInfo.InvariantCulture),
            ScalarKind.SByte => "(sbyte)" + Signed(value),
            _ => value.ToString(CultureInfo.InvariantCulture),
        };

        private static string Signed(long value) => value < 0 ? "(" + value.ToString(CultureInfo.InvariantCulture) + ")" : value.ToString(CultureInfo.InvariantCulture);

        public static string Boolean(bool value) => value ? "true" : "false";

        /// <summary>A constant passed through (a default value, an exception's argument, a string or char given to a call).
        /// A value of an enum is a cast of its number, as C# converts no number but 0 to an enum implicitly.</summary>
        public static string Constant(ConstantValue constant) => constant.Enum is { } type && constant.Text != "0"
            ? "(" + TypeNames.Of(type) + ")(" + Value(constant) + ")"
            : Value(constant);

        private static string Value(ConstantValue constant) => constant.Kind switch
        {
            ConstantKind.Null => "null",
            ConstantKind.Default => "default",
            ConstantKind.Boolean => Boolean(constant.Bits != 0),
            ConstantKind.Char => SymbolDisplay.FormatLiteral(constant.Text[0], quote: true),
            ConstantKind.String => SymbolDisplay.FormatLiteral(constant.Text, quote: true),
            ConstantKind.Double => Real(BitConverter.Int64BitsToDouble(constant.Bits), ScalarKind.Double),
            ConstantKind.Single => Real(BitConverter.Int64BitsToDouble(constant.Bits), ScalarKind.Float),
            ConstantKind.Int64 => constant.Text + "L",
            ConstantKind.UInt32 => constant.Text + "U",
            ConstantKind.UInt64 => constant.Text + "UL",
            ConstantKind.Decimal => constant.Text + "M",
            _ => constant.Text, // sbyte, byte, short, ushort, int: the digits alone
        };
    }
}
