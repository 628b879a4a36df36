using GradGen.Generator.Emit;
using GradGen.Generator.FrontEnd;
using GradGen.Generator.Model;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Tests.Emit;

/// <summary>
/// The front end names a type it passes through as a <see cref="TypeName"/> tree and the emitter spells it: the text
/// must be what the compiler displays in <see cref="SymbolFacts.QualifiedFormat"/>, for every shape of type.
/// </summary>
public class TypeNamesTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;

        public class InTheGlobalNamespace
        {
        }

        namespace Units.@event.Inner
        {
            public enum @class { A }

            public class Outer<T>
            {
                public class Nested<U>
                {
                }

                public struct Plain
                {
                }
            }

            public unsafe class Holder<T, @int>
                where @int : struct
            {
                public object? Object;
                public string? NullableString;
                public int? NullableInt;
                public bool Boolean;
                public char Char;
                public sbyte SByte;
                public byte Byte;
                public short Int16;
                public ushort UInt16;
                public uint UInt32;
                public long Int64;
                public ulong UInt64;
                public float Single;
                public double Double;
                public decimal Decimal;
                public nint NInt;
                public nuint NUInt;
                public IntPtr IntPtr;
                public dynamic Dynamic = 0;
                public dynamic? NullableDynamic;
                public int[][,] JaggedOfRectangular = new int[0][,];
                public int[]?[] ArrayOfNullableArrays = new int[0][];
                public string?[]? NullableArrayOfNullableStrings;
                public @class[] Enums = new @class[0];
                public (int A, string? B) Named;
                public (int, @class @event) PartlyNamed;
                public (int, int, int, int, int, int, int, int, int) Nine;
                public (int a, int b, int c, int d, int e, int f, int g, int h) EightNamed;
                public ValueTuple<int> Single1;
                public Outer<int>.Nested<string?> NestedInGeneric = new();
                public Outer<T>.Plain NestedInOpenGeneric;
                public List<T?> OpenList = new();
                public T? TypeParameter;
                public @int? NullableTypeParameter;
                public @int KeywordTypeParameter;
                public Func<int, string?> Delegate = _ => null;
                public Dictionary<string, List<(int, double[])>> Nested = new();
                public KeyValuePair<@class, Outer<@class>> KeywordArguments;
                public List<int>.Enumerator Enumerator;
                public InTheGlobalNamespace Global = new();

                public void Nothing()
                {
                }

                public int* Pointer;
                public delegate*<int, void> FunctionPointer;
                public Missing Unbound = null!;
            }
        }
        """;

    private static readonly Lazy<INamedTypeSymbol> Holder = new(() =>
        GeneratorHarness.Compile(Source).GetTypeByMetadataName("Units.event.Inner.Holder`2")!);

    public static TheoryData<string> NameableFields => new(Holder.Value.GetMembers().OfType<IFieldSymbol>()
        .Where(f => f.Name is not ("Pointer" or "FunctionPointer" or "Unbound"))
        .Select(f => f.Name));

    [Theory]
    [MemberData(nameof(NameableFields))]
    public void IsSpelledAsTheCompilerDisplaysIt(string field)
    {
        ITypeSymbol type = Holder.Value.GetMembers(field).OfType<IFieldSymbol>().Single().Type;
        TypeName? name = SymbolFacts.NameOf(type);
        Assert.NotNull(name);
        Assert.Equal(type.ToDisplayString(SymbolFacts.QualifiedFormat), TypeNames.Of(name));
    }

    [Fact]
    public void VoidIsItsKeyword()
    {
        ITypeSymbol type = Holder.Value.GetMembers("Nothing").OfType<IMethodSymbol>().Single().ReturnType;
        Assert.Equal("void", TypeNames.Of(SymbolFacts.NameOf(type)!));
    }

    [Theory]
    [InlineData("Pointer")]
    [InlineData("FunctionPointer")]
    [InlineData("Unbound")]
    public void PointersAndTypesThatDoNotResolveHaveNoName(string field) =>
        Assert.Null(SymbolFacts.NameOf(Holder.Value.GetMembers(field).OfType<IFieldSymbol>().Single().Type));
}
