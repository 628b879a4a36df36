using System.Reflection;
using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Emit;

/// <summary>
/// Generated code that repeats something of the user's (a default value, a named constant, the name of a type, a
/// type parameter or a callee) compiles, and means what the user's code means: each case compiles the user's code
/// with the generator, checks that the output has no compiler errors or warnings, and calls the generated gradient.
/// </summary>
public class SpelledFromUserCodeTests
{
    private const string Header = """
        using System;
        using System.Threading;
        using GradGen;

        """;

    /// <summary>Runs the generator on <paramref name="source"/>; each of <paramref name="methods"/> got a generated
    /// file, and the input with the generated code compiles cleanly.</summary>
    private static GeneratorRun Generate(string source, params string[] methods)
    {
        GeneratorRun run = GeneratorHarness.Run(Header + source);
        Assert.Empty(run.GeneratorDiagnostics);
        foreach (string method in methods)
        {
            Assert.Contains(run.Sources.Keys, hint => hint.Contains("." + method + ".", StringComparison.Ordinal));
        }

        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems) + "\n\n" + string.Join("\n\n", run.Sources.Values));
        return run;
    }

    private static object? Call(Assembly assembly, string type, string method, object? instance, params object?[] arguments) =>
        assembly.GetType(type, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)!
            .Invoke(instance, arguments);

    [Fact]
    public void DefaultValuesOfStructsAreDefault()
    {
        GeneratorRun run = Generate("""
            namespace Shop
            {
                public enum Color { Red, Green }

                public struct Options
                {
                    public double Scale;
                }

                public static partial class Prices
                {
                    [Differentiable]
                    public static double Price(
                        double x,
                        CancellationToken token = default,
                        DateTime when = default,
                        [NoDerivative] Options options = default,
                        [NoDerivative] Options created = new Options(),
                        int? k = null,
                        int? m = default,
                        string? s = null,
                        Color c = Color.Red,
                        Color d = default)
                    {
                        if (token.IsCancellationRequested || when.Ticks != 0) return 0;
                        return x * x + options.Scale * x + created.Scale;
                    }

                    // Compiles only if the generated defaults are valid C#.
                    public static double Slope(double x) => PriceGradient(x);
                }

                public partial class Box<T>
                {
                    [Differentiable]
                    public double Scale(double x, T? item = default) => 2 * x * x;
                }
            }
            """, "Price", "Scale");

        string price = run.Single(".Price.");
        Assert.Contains("global::System.Threading.CancellationToken token = default, global::System.DateTime when = default, global::Shop.Options options = default, global::Shop.Options created = default", price);
        Assert.Contains("int? k = null, int? m = null, string? s = null, global::Shop.Color c = 0, global::Shop.Color d = 0)", price);
        Assert.Contains("T? item = default)", run.Single(".Scale."));
        Assert.Equal(6.0, Call(run.Load(), "Shop.Prices", "Slope", null, 3.0));
    }

    [Fact]
    public void DefaultValuesOfEnumsAreCastsToTheEnum()
    {
        GeneratorRun run = Generate("""
            public enum Color { Red, Green, Blue = 4 }

            public enum Signed : sbyte { Low = -1, Zero = 0 }

            public enum Wide : long { Big = 5000000000 }

            public sealed class Failure : Exception
            {
                public Failure(Color color) : base(color.ToString())
                {
                }
            }

            public static partial class Enums
            {
                [Differentiable]
                public static double Weight(double x, Color e = Color.Blue, Color? f = Color.Green, Color? g = null, Signed h = Signed.Low, Wide w = Wide.Big, Signed z = Signed.Zero)
                {
                    if (x > 100) throw new Failure(Color.Green);
                    return x * x * (int)e;
                }

                public static double Slope(double x) => WeightGradient(x);
            }
            """, "Weight");

        string weight = run.Single(".Weight.");
        Assert.Contains("global::Color e = (global::Color)(4), global::Color? f = (global::Color)(1), global::Color? g = null, global::Signed h = (global::Signed)(-1), global::Wide w = (global::Wide)(5000000000L), global::Signed z = 0)", weight);
        Assert.Contains("throw new global::Failure((global::Color)(1));", weight);
        Assert.Equal(24.0, Call(run.Load(), "Enums", "Slope", null, 3.0));
    }

    [Fact]
    public void NullDefaultsOfTypesWrittenWithoutQuestionMarkAreNullForgiven()
    {
        GeneratorRun run = Generate("""
            public static partial class Weights
            {
                [Differentiable]
                public static double Scaled(double x, [NoDerivative] double[]? w = null, [NoDerivative] ReadOnlySpan<double> s = default, string? label = null) => x * x;

                public static double Slope(double x) => ScaledGradient(x);
            }

            #nullable disable
            public static partial class Oblivious
            {
                [Differentiable]
                public static double Plain(double x, string s = null, object o = null) => 2 * x * x;

                public static double Slope(double x) => PlainGradient(x);
            }
            """, "Scaled", "Plain");

        Assert.Contains("double[] w = null!, global::System.ReadOnlySpan<double> s = default, string? label = null)", run.Single(".Scaled."));
        Assert.Contains("string s = null!, object o = null!)", run.Single(".Plain."));
        Assembly assembly = run.Load();
        Assert.Equal(6.0, Call(assembly, "Weights", "Slope", null, 3.0));
        Assert.Equal(12.0, Call(assembly, "Oblivious", "Slope", null, 3.0));
    }

    [Fact]
    public void NamedConstantsConvertedToFloatKeepTheirCast()
    {
        GeneratorRun run = Generate("""
            public static partial class Circles
            {
                [Differentiable]
                public static float Area(float r) => (float)Math.PI * r * r + (float)Math.E * r + MathF.PI;

                [Differentiable]
                public static double Share(double x, int n) => (double)MathF.PI / n * x;
            }
            """, "Area", "Share");

        Assert.Contains("(float)global::System.Math.PI", run.Single(".Area."));
        Assert.Contains("(float)global::System.Math.E", run.Single(".Area."));
        Assert.Contains("global::System.MathF.PI", run.Single(".Area."));
        Assert.Contains("(double)global::System.MathF.PI", run.Single(".Share."));
        Assembly assembly = run.Load();
        float r = 1.5f;
        float area = (float)Call(assembly, "Circles", "AreaGradient", null, r)!;
        Assert.Equal(2 * (float)Math.PI * r + (float)Math.E, area, 5);

        // The division is the user's, in double: MathF.PI / 7 in float would round to other bits.
        Assert.NotEqual((double)MathF.PI / 7, (double)(MathF.PI / 7));
        Assert.Equal((double)MathF.PI / 7, Call(assembly, "Circles", "ShareGradient", null, 2.0, 7));
    }

    [Fact]
    public void ContainingTypesAndTypeParametersNamedByKeywordsAreEscaped()
    {
        GeneratorRun run = Generate("""
            namespace Units.@fixed
            {
                public static partial class @struct
                {
                    [Differentiable]
                    public static double Twice(double x) => 2 * x * x;
                }

                public partial class Box<U, @class>
                {
                    [Differentiable]
                    public double Triple(double x, @class c, U? u) => 3 * x * x;

                    public partial struct @event
                    {
                        [Differentiable]
                        public double Cube(double x) => x * x * x;
                    }
                }
            }
            """, "Twice", "Triple", "Cube");

        Assert.Contains("namespace Units.@fixed", run.Single(".Twice."));
        Assert.Contains("partial class @struct", run.Single(".Twice."));
        Assert.Contains("partial class Box<U, @class>", run.Single(".Triple."));
        Assert.Contains("partial struct @event", run.Single(".Cube."));
        Assembly assembly = run.Load();
        Assert.Equal(8.0, Call(assembly, "Units.fixed.struct", "TwiceGradient", null, 2.0));
        Type box = assembly.GetType("Units.fixed.Box`2", throwOnError: true)!.MakeGenericType(typeof(string), typeof(int));
        Assert.Equal(12.0, box.GetMethod("TripleGradient")!.Invoke(Activator.CreateInstance(box), new object?[] { 2.0, 0, null }));
    }

    [Fact]
    public void CalleesNamedByKeywordsAreEscaped()
    {
        GeneratorRun run = Generate("""
            public partial class Calls
            {
                [Differentiable]
                public static double @checked(double x) => x * x;

                [Differentiable]
                public static double @fixed(double x) => 3 * @checked(x) + @checked(2 * x);

                [Differentiable]
                public double @base(double x) => x * x * x;

                [Differentiable]
                public double @params(double x) => @base(x) + this.@base(2 * x);
            }
            """, "checked", "fixed", "base", "params");

        Assert.Contains("@checked(", run.Single(".fixed."));
        Assembly assembly = run.Load();
        Assert.Equal(28.0, Call(assembly, "Calls", "fixedGradient", null, 2.0));
        object calls = Activator.CreateInstance(assembly.GetType("Calls", throwOnError: true)!)!;
        Assert.Equal(3.0 * 4 + 24.0 * 4, Call(assembly, "Calls", "paramsGradient", calls, 2.0));
    }
}
