using System.Numerics;
using System.Reflection;
using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Tests;

/// <summary>Generic methods over a floating-point type parameter (CONTRACT "Generic math"): generic members with the same type
/// parameters and constraints, which compile for every T the constraint allows and run for double, float and Half.</summary>
public class GenericMathTests
{
    internal const string Activations = """
        using System;
        using System.Numerics;
        using GradGen;

        namespace Samples;

        public interface IReal<T> : IFloatingPointIeee754<T> where T : IReal<T>
        {
        }

        public static partial class Activations
        {
            [Differentiable(Forward = true)]
            public static T LogCosh<T>(T x) where T : IFloatingPointIeee754<T>
            {
                T a = T.Abs(x);
                return a + T.Log(T.One + T.Exp(T.CreateChecked(-2.0) * a)) - T.Log(T.CreateChecked(2));
            }

            [Differentiable]
            public static T Softplus<T>(T x, T beta) where T : IFloatingPointIeee754<T> =>
                (x + LogCosh(x * beta / T.CreateChecked(2)) * T.CreateChecked(2) / beta) / T.CreateChecked(2)
                + T.Log(T.CreateChecked(2)) / beta;

            [Differentiable(Forward = true)]
            public static T Mix<T>(T x, T y) where T : IBinaryFloatingPointIeee754<T>
            {
                T s = T.Sqrt(x * x + y * y) + T.Sin(x) * T.Cos(y) - T.Tanh(y) + T.Pow(x, T.CreateChecked(3));
                if (x > y) s = s + T.Max(x, y) * T.Pi;
                else s = s - T.Min(x, y) / T.E;
                return s * T.CreateTruncating(0.5) - T.CreateSaturating(1.5f) * x;
            }

            [Differentiable]
            public static T Norm<T>(ReadOnlySpan<T> xs, T scale) where T : IReal<T>
            {
                T sum = T.Zero;
                for (int i = 0; i < xs.Length; i++)
                {
                    T v = xs[i] * scale;
                    sum += v * v;
                }
                return T.Sqrt(sum / T.CreateChecked(xs.Length));
            }

            [Differentiable]
            public static T Product<T>(T[] xs, [NoDerivative] int steps) where T : IFloatingPointIeee754<T>
            {
                T p = T.One;
                int k = 0;
                while (k < steps)
                {
                    p = p * xs[k % xs.Length];
                    k++;
                }
                return p;
            }

            /// <summary>The rest of what README's table of generic math promises.</summary>
            [Differentiable(Forward = true)]
            public static T Everything<T>(T x, T y, in ReadOnlySpan<T> w, [NoDerivative] T scale, int mode) where T : IFloatingPointIeee754<T>
            {
                if (T.IsNaN(x) || !T.IsFinite(y)) return T.Zero;
                var (s, c) = T.SinCos(x);
                T r = T.Clamp(x, -T.One, T.One) + T.FusedMultiplyAdd(x, y, s) + T.ScaleB(c, 2) + T.Tau * T.Floor(y) + T.Hypot(x, y);
                r += T.CreateChecked(T.Sign(x) * T.Sign(y)) + T.Log(y * y + T.One, T.CreateChecked(10)) + T.ExpM1(x) * T.LogP1(y * y);
                switch (mode)
                {
                    case 0: r *= scale; break;
                    case 1 or 2: r -= x % y; break;
                    default: r = r > T.Zero ? r : -r; break;
                }

                T m = mode switch { 0 => T.CopySign(x, y), _ => T.ReciprocalSqrtEstimate(y * y + T.One) };
                foreach (T v in w) r += v * m * T.CreateChecked(mode);
                return r * T.NegativeOne + T.Cbrt(x) - T.Atan2(y, x);
            }

            [Differentiable]
            public static double Activation(double x) => Softplus<double>(x, 2.0) + Softplus(x, 1.0) * LogCosh(x);

            [Differentiable]
            public static float ActivationF(float x) => Softplus(x, 2f);
        }
        """;

    private static GeneratorRun RunClean(string source)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileProblems);
        return run;
    }

    [Fact]
    public void GeneratedMembersCompileWithoutProblems()
    {
        GeneratorRun run = RunClean(Activations);
        Assert.Equal(8, run.Sources.Count);
    }

    [Fact]
    public void LogCosh() => Baseline.AssertMatches("GenericLogCosh", RunClean(Activations).Single(".LogCosh."));

    [Fact]
    public void MembersRepeatTheTypeParametersAndConstraints()
    {
        GeneratorRun run = RunClean(Activations);
        string norm = run.Single(".Norm.");
        Assert.Contains("public static (T[] xs, T scale) NormGradient<T>(global::System.ReadOnlySpan<T> xs, T scale) where T : global::Samples.IReal<T>", norm);
        Assert.Contains("public static T NormPullback<T>(global::System.ReadOnlySpan<T> xs, T scale, T seed, global::System.Span<T> xsAdjoint, ref T scaleAdjoint) where T : global::Samples.IReal<T>", norm);
        string mix = run.Single(".Mix.");
        Assert.Contains("MixPushforward<T>(T x, T y, T xTangent, T yTangent) where T : global::System.Numerics.IBinaryFloatingPointIeee754<T>", mix);
        // No double literal meets a T: constants are T's own or converted.
        Assert.DoesNotMatch(@"[^(\w.]\d+\.\d+[^)\w]", string.Join("\n", run.Sources.Where(s => !s.Key.Contains("Activation", StringComparison.Ordinal)).Select(s => s.Value).Where(v => !v.Contains("double ", StringComparison.Ordinal))));
    }

    [Fact]
    public void DoubleCallerCallsTheGenericPullbackWithItsTypeArgument()
    {
        GeneratorRun run = RunClean(Activations);
        string activation = run.Single(".Activation.");
        Assert.Contains("global::Samples.Activations.SoftplusPullback<double>(x, 2.0, seed, ref", activation);
        Assert.Contains("global::Samples.Activations.LogCoshPullback<double>(x, _d_logCosh0, ref _d_x);", activation);
        Assert.Contains("SoftplusPullback<float>(", run.Single(".ActivationF."));
        Assert.Contains("global::Samples.Activations.LogCoshPullback<T>(", run.Single(".Softplus."));
    }

    [Theory]
    [InlineData(typeof(double), 1e-9)]
    [InlineData(typeof(float), 2e-3)]
    [InlineData(typeof(Half), 3e-2)]
    public void GradientsMatchFiniteDifferencesForEachFloatingPointType(Type t, double tolerance)
    {
        Assembly assembly = RunClean(Activations).Load();
        Type activations = assembly.GetType("Samples.Activations")!;
        object Of(double v) => t == typeof(double) ? v : t == typeof(float) ? (float)v : (object)(Half)v;
        double D(object v) => Convert.ToDouble(v is Half h ? (double)h : v, System.Globalization.CultureInfo.InvariantCulture);
        object? Call(string name, params object[] args) => activations.GetMethod(name)!.MakeGenericMethod(t).Invoke(null, args);

        foreach (double x in new[] { -1.3, 0.4, 2.1 })
        {
            // LogCosh'(x) = tanh(x); its value matches the method's own, bit for bit.
            Assert.Equal(D(Call("LogCosh", Of(x))!), D(Get(Call("LogCoshValueAndGradient", Of(x))!, "Item1")));
            Assert.InRange(D(Call("LogCoshGradient", Of(x))!) - Math.Tanh(D(Of(x))), -tolerance, tolerance);
            var pushed = Call("LogCoshPushforward", Of(x), Of(1.0))!;
            Assert.InRange(D(Get(pushed, "Item2")) - Math.Tanh(D(Of(x))), -tolerance, tolerance);

            // Mix against central differences computed in double through the double instantiation.
            foreach (double y in new[] { -0.7, 0.9 })
            {
                object gradient = Call("MixGradient", Of(x), Of(y))!;
                MethodInfo mix = activations.GetMethod("Mix")!.MakeGenericMethod(typeof(double));
                const double h = 1e-6;
                double dx = ((double)mix.Invoke(null, new object[] { D(Of(x)) + h, D(Of(y)) })! - (double)mix.Invoke(null, new object[] { D(Of(x)) - h, D(Of(y)) })!) / (2 * h);
                double dy = ((double)mix.Invoke(null, new object[] { D(Of(x)), D(Of(y)) + h })! - (double)mix.Invoke(null, new object[] { D(Of(x)), D(Of(y)) - h })!) / (2 * h);
                double scale = 1 + Math.Abs(dx) + Math.Abs(dy);
                Assert.InRange((D(Get(gradient, "Item1")) - dx) / scale, -tolerance * 4, tolerance * 4);
                Assert.InRange((D(Get(gradient, "Item2")) - dy) / scale, -tolerance * 4, tolerance * 4);
            }
        }
    }

    private static object Get(object tuple, string field) => tuple.GetType().GetField(field)!.GetValue(tuple)!;
}
