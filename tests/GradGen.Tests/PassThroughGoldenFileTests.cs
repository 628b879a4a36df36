using GradGen.Tests.Infrastructure;

namespace GradGen.Tests;

/// <summary>
/// Golden files for what generated code carries over from the user's code without differentiating it: the types
/// of parameters held constant, default values, string, char and enum constants, static and instance member reads,
/// calls held constant (with their type arguments), exceptions thrown, and nested and generic containing types.
/// They pin how each is spelled, identifiers that are keywords included.
/// </summary>
public class PassThroughGoldenFileTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using GradGen;

        namespace Units.@fixed
        {
            public enum Color { Red, Green, @event = 7 }

            public sealed class BadInput : Exception
            {
                public BadInput(char code, uint count, decimal amount, object? detail, ulong big, short small, byte tiny, sbyte signed, ushort word)
                    : base(code.ToString() + count + amount + detail + big + small + tiny + signed + word)
                {
                }
            }

            public static class Settings
            {
                public const double Limit = 2.5;
                public static readonly double Scale = 1.25;
                public static readonly double @base = 0.5;

                public static int Count => 3;

                public static T Pick<T>(T value) => value;

                public static int Measure(string text, char separator) => text.IndexOf(separator);

                public static int Make<TKey, TValue>(Dictionary<TKey, TValue> map)
                    where TKey : notnull => map.Count;

                public static bool Is(Color color) => color == Color.Green;

                public static void Log(string message, Color color)
                {
                    _ = message;
                    _ = color;
                }
            }
        }

        namespace Models
        {
            using Units.@fixed;

            public static partial class Kernels
            {
                [Differentiable]
                public static double Scale(double x, [NoDerivative] double factor) => x * factor;
            }

            public partial class Body
            {
                public double Mass { get; set; } = 1;

                [Differentiable]
                public double Energy(double v) => 0.5 * Mass * v * v;
            }

            public static partial class Defaults
            {
                [Differentiable]
                public static double Weighted(
                    double x,
                    string label = "a \"quoted\"\tlabel\n",
                    char separator = '\'',
                    object? tag = null,
                    decimal amount = -1.5m,
                    uint count = 3,
                    ulong big = 18446744073709551615,
                    short small = -2,
                    byte tiny = 255,
                    float f = -0.0f,
                    double d = double.NaN,
                    double e = 1e300,
                    int n = -3,
                    long l = 5,
                    bool flag = true,
                    Color color = Color.Red,
                    int? maybe = null,
                    string? name = null)
                {
                    if (flag && n > 0) return x * f * (float)d * e * n * l;
                    return x * x;
                }
            }

            public static partial class Passive
            {
                [Differentiable]
                public static double Constants(double x, [NoDerivative] string label, Color color, (int Count, string Name) pair, int? maybe, Dictionary<string, double[]> table)
                {
                    double y = x * Math.PI + Math.E * x + Settings.Limit + double.Epsilon;
                    if (color == Color.@event || color == (Color)3)
                    {
                        y += Settings.Measure("a\tb", ';') + Settings.Measure(label, '\\');
                    }

                    if (Settings.Is(Color.Green))
                    {
                        y *= Settings.Scale * Settings.@base + Settings.Count + label.Length + pair.Count;
                    }

                    Settings.Log("log \"this\"", Color.@event);
                    return y + Settings.Pick<double>(2.0) + Settings.Pick(3) + Settings.Make(table);
                }

                [Differentiable]
                public static double Types(
                    double x,
                    string[] names,
                    int[][] jagged,
                    [NoDerivative] double[,] grid,
                    List<string?>? list,
                    Dictionary<string, List<(int A, double[] B)>> map,
                    KeyValuePair<int, Color> entry,
                    Func<double, double> f,
                    nint handle,
                    (int, string, bool) triple,
                    List<int?[]>?[] nested)
                {
                    return x * names.Length + jagged.Length + grid.Length;
                }

                [Differentiable]
                public static double Guarded(double x, double y)
                {
                    if (x < 0) throw new ArgumentOutOfRangeException(nameof(x), "negative \"x\"");
                    if (y > 1e10) throw new InvalidOperationException();
                    if (y < -1e10) throw new BadInput('\n', 4u, 2.5m, null, 7UL, -1, 0, -8, 9);
                    return x * y + Kernels.Scale(x, 3.0);
                }

                [Differentiable]
                public static double Calls(double v, [NoDerivative] Body body) => body.Energy(v) + Kernels.Scale(v, 2.0);
            }

            public partial class Outer<T>
            {
                internal partial struct Inner<U, V>
                {
                    private readonly double _w;

                    internal Inner(double w) => _w = w;

                    [Differentiable]
                    internal double Apply(double x, T item, U? other, V third, [NoDerivative] Outer<int>.Inner<string, bool> self, [NoDerivative] double k)
                    {
                        return Twice(x) * Weight() + _w * k;
                    }

                    [Differentiable]
                    internal double Twice(double x) => 2 * x;

                    private double Weight() => _w + 1;
                }
            }
        }
        """;

    private static readonly Lazy<GeneratorRun> Run = new(() => GeneratorHarness.Run(Source));

    private static string Generate(string method)
    {
        GeneratorRun run = Run.Value;
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return run.Single("." + method + ".");
    }

    [Fact]
    public void DefaultValues() => Baseline.AssertMatches("DefaultValues", Generate("Weighted"));

    [Fact]
    public void ConstantsMemberReadsAndCallsHeldConstant() => Baseline.AssertMatches("PassiveConstants", Generate("Constants"));

    [Fact]
    public void ParameterTypesPassedThrough() => Baseline.AssertMatches("PassiveTypes", Generate("Types"));

    [Fact]
    public void ThrowsAndStaticCallee() => Baseline.AssertMatches("Throws", Generate("Guarded"));

    [Fact]
    public void InstanceCalleeOfAnotherObject() => Baseline.AssertMatches("InstanceCallee", Generate("Calls"));

    [Fact]
    public void NestedGenericContainingTypes() => Baseline.AssertMatches("NestedGeneric", Generate("Apply"));
}
