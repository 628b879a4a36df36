using System;
using System.Collections.Generic;
using System.Text;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace GradGen.Generator.Emit
{
    /// <summary>
    /// The C# spelling of IR types: keywords for the built-in types, everything else globally qualified, as the
    /// compiler displays a type fully qualified (<c>global::Ns.Outer&lt;T&gt;.Inner</c>, <c>(int A, string)</c>,
    /// <c>string?[]</c>), with identifiers that are keywords escaped by <c>@</c>.
    /// </summary>
    internal static class TypeNames
    {
        [ThreadStatic]
        private static string? s_generic;

        /// <summary>How the file being written spells <see cref="ScalarKind.Generic"/>: the generic method's own name for its
        /// floating-point type parameter (set for the duration of one method's emission by <see cref="WithGeneric"/>).</summary>
        public static string GenericName => Identifier(s_generic ?? "T");

        /// <summary>Spells <see cref="ScalarKind.Generic"/> as <paramref name="name"/> until the result is disposed.</summary>
        public static IDisposable WithGeneric(string? name) => new GenericScope(name);

        private sealed class GenericScope : IDisposable
        {
            private readonly string? _previous;

            public GenericScope(string? name)
            {
                _previous = s_generic;
                s_generic = name;
            }

            public void Dispose() => s_generic = _previous;
        }

        public static string Of(TypeRef type)
        {
            string element = type.Scalar switch
            {
                ScalarKind.Double => "double",
                ScalarKind.Float => "float",
                ScalarKind.Int32 => "int",
                ScalarKind.Int64 => "long",
                ScalarKind.Boolean => "bool",
                ScalarKind.UInt32 => "uint",
                ScalarKind.UInt64 => "ulong",
                ScalarKind.Int16 => "short",
                ScalarKind.UInt16 => "ushort",
                ScalarKind.Byte => "byte",
                ScalarKind.SByte => "sbyte",
                ScalarKind.Char => "char",
                ScalarKind.Generic => GenericName,
                _ => Of(type.OtherName ?? throw new InvalidOperationException("An 'Other' type needs a name.")),
            };

            return type.Shape switch
            {
                Shape.Scalar => element,
                Shape.Array => element + "[]",
                Shape.Span => "global::System.Span<" + element + ">",
                Shape.ReadOnlySpan => "global::System.ReadOnlySpan<" + element + ">",
                Shape.Tape => "global::GradGen.Tape<" + element + ">",
                Shape.Jagged => element + "[][]",
                Shape.Matrix => element + "[,]",
                _ => "global::GradGen.ScratchBuffer<" + element + ">",
            };
        }

        public static string Of(TypeName name)
        {
            var sb = new StringBuilder();
            Write(sb, name);
            return sb.ToString();
        }

        /// <summary>An identifier as C# reads it: a keyword escaped by <c>@</c> (contextual keywords need no escape here).</summary>
        public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>A namespace's dotted name as C# reads it: each of its identifiers escaped where it is a keyword.</summary>
        public static string Namespace(string dottedName)
        {
            string[] parts = dottedName.Split('.');
            for (int i = 0; i < parts.Length; i++) parts[i] = Identifier(parts[i]);
            return string.Join(".", parts);
        }

        /// <summary><c>&lt;T1, T2&gt;</c>, or nothing for no type arguments.</summary>
        public static void WriteTypeArguments(StringBuilder sb, IReadOnlyList<TypeName> arguments)
        {
            if (arguments.Count == 0) return;
            sb.Append('<');
            for (int i = 0; i < arguments.Count; i++)
            {
                if (i > 0) sb.Append(", ");
                Write(sb, arguments[i]);
            }

            sb.Append('>');
        }

        private static void Write(StringBuilder sb, TypeName name)
        {
            switch (name)
            {
                case BuiltInTypeName builtIn:
                    sb.Append(Keyword(builtIn.Type));
                    break;
                case NamedTypeName named:
                    if (named.ContainingType is not null)
                    {
                        Write(sb, named.ContainingType);
                        sb.Append('.');
                    }
                    else
                    {
                        sb.Append("global::");
                        if (named.Namespace is not null) sb.Append(Namespace(named.Namespace)).Append('.');
                    }

                    sb.Append(Identifier(named.Name));
                    WriteTypeArguments(sb, named.TypeArguments);
                    break;
                case ArrayTypeName array:
                    {
                        // int[][,] is an array of two-dimensional arrays: the element type comes first, then the
                        // ranks from the outermost array in.
                        var ranks = new List<int>();
                        TypeName element = array;
                        while (element is ArrayTypeName a)
                        {
                            ranks.Add(a.Rank);
                            element = a.Element;
                        }

                        Write(sb, element);
                        foreach (int rank in ranks) sb.Append('[').Append(',', rank - 1).Append(']');
                        break;
                    }

                case NullableTypeName nullable:
                    Write(sb, nullable.Underlying);
                    sb.Append('?');
                    break;
                case TupleTypeName tuple:
                    sb.Append('(');
                    for (int i = 0; i < tuple.Elements.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        Write(sb, tuple.Elements[i].Type);
                        if (tuple.Elements[i].Name is { } elementName) sb.Append(' ').Append(Identifier(elementName));
                    }

                    sb.Append(')');
                    break;
                case GenericScalarName:
                    sb.Append(GenericName);
                    break;
                case TypeParameterName parameter:
                    sb.Append(Identifier(parameter.Name));
                    break;
                default:
                    throw new InvalidOperationException("Cannot spell " + name.GetType().Name);
            }
        }

        private static string Keyword(BuiltInType type) => type switch
        {
            BuiltInType.Object => "object",
            BuiltInType.String => "string",
            BuiltInType.Boolean => "bool",
            BuiltInType.Char => "char",
            BuiltInType.SByte => "sbyte",
            BuiltInType.Byte => "byte",
            BuiltInType.Int16 => "short",
            BuiltInType.UInt16 => "ushort",
            BuiltInType.Int32 => "int",
            BuiltInType.UInt32 => "uint",
            BuiltInType.Int64 => "long",
            BuiltInType.UInt64 => "ulong",
            BuiltInType.NInt => "nint",
            BuiltInType.NUInt => "nuint",
            BuiltInType.Single => "float",
            BuiltInType.Double => "double",
            BuiltInType.Decimal => "decimal",
            BuiltInType.Void => "void",
            _ => "dynamic",
        };
    }
}
