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

        public static string Integer(long value, ScalarKind kind) => kind == ScalarKind.Int64
            ? value.ToString(CultureInfo.InvariantCulture) + "L"
            : value.ToString(CultureInfo.InvariantCulture);

        public static string Boolean(bool value) => value ? "true" : "false";

        /// <summary>A constant of any type Roslyn can hold, spelled as C# (for default values and exception arguments).</summary>
        public static string? Constant(object? value) => value switch
        {
            null => "null",
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => Boolean(b),
            double d => Real(d, ScalarKind.Double),
            float f => Real(f, ScalarKind.Float),
            int i => Integer(i, ScalarKind.Int32),
            long l => Integer(l, ScalarKind.Int64),
            short or sbyte or byte or ushort => System.Convert.ToString(value, CultureInfo.InvariantCulture),
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            _ => null,
        };
    }
}
