using GradGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace GradGen.Tests;

/// <summary>
/// Second order (<c>[Differentiable(Hessian = true)]</c>): the generated <c>FHessianVectorProduct</c> and <c>FHessian</c> as
/// users read them (a golden file), that they compute what they should on a method with a taped loop, a branch and an
/// array, that only the marked method gets them, and the errors at what forward-over-reverse does not handle.
/// </summary>
public class HessianTests
{
    private const string Representative = """
        using System;
        using GradGen;

        public static partial class Model
        {
            // A recurrence overwritten in a loop (its values go on a tape, which then carries dual values), a branch on a
            // differentiable value, an elementary function and an array parameter.
            [Differentiable(Hessian = true)]
            public static double Energy(double[] w, double b, [NoDerivative] double[] x)
            {
                double h = b;
                for (int i = 0; i < x.Length; i++)
                {
                    h = Math.Tanh(w[i] * h + x[i]);
                }

                if (h > 0)
                {
                    return h * h + b * w[0];
                }

                return Math.Exp(h) * b;
            }
        }
        """;

    private static GeneratorRun Run(params string[] sources)
    {
        GeneratorRun run = GeneratorHarness.Run(sources);
        Assert.Empty(run.CompileProblems);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(GeneratorHarness.Analyze(run.Output).Where(d => d.Severity == DiagnosticSeverity.Error));
        return run;
    }

    [Fact]
    public void RepresentativeHessian()
    {
        string file = Run(Representative).Single(".Energy.");
        Assert.Contains("EnergyHessianVectorProduct(", file, StringComparison.Ordinal);
        Baseline.AssertMatches("Hessian", file[file.IndexOf("    /// <summary>\n    /// The Hessian-vector product", StringComparison.Ordinal)..]);
    }

    /// <summary>A Hessian through calls: a [Differentiable] method taking an array (a loop) and a helper.</summary>
    private const string ThroughCalls = """
        using System;
        using GradGen;

        public static partial class Model
        {
            private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

            [Differentiable]
            public static double Dot(double[] w, [NoDerivative] double[] x)
            {
                double s = 0;
                for (int i = 0; i < x.Length; i++) s += w[i] * x[i];
                return s;
            }

            [Differentiable(Hessian = true)]
            public static double Loss(double[] w, double b, [NoDerivative] double[] x, [NoDerivative] double y)
            {
                double p = Sigmoid(Dot(w, x) + b);
                return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
            }
        }
        """;

    [Fact]
    public void RepresentativeModelTypeHessian()
    {
        string file = Run("""
            using System;
            using GradGen;

            public record struct Line(double W, double B);

            public static partial class Fit
            {
                [Differentiable(Hessian = true)]
                public static double Loss(Line line, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
                {
                    double s = 0;
                    for (int i = 0; i < xs.Length; i++) s += Math.Log(Math.Cosh(line.W * xs[i] + line.B - ys[i]));
                    return s;
                }
            }
            """).Single(".Loss.");
        Baseline.AssertMatches("Hessian.ModelType", file[file.IndexOf("    /// <summary>\n    /// The Hessian-vector product", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void RepresentativeHessianThroughCalls()
    {
        GeneratorRun run = Run(ThroughCalls);
        string loss = run.Single(".Loss.");
        Assert.Contains("SigmoidPullbackPushforward(", loss, StringComparison.Ordinal);
        Assert.Contains("DotPullbackPushforward(", loss, StringComparison.Ordinal);
        string product = loss[loss.IndexOf("    /// <summary>\n    /// The Hessian-vector product", StringComparison.Ordinal)..loss.IndexOf("    /// <summary>\n    /// The Hessian of", StringComparison.Ordinal)];
        Baseline.AssertMatches("Hessian.ThroughCalls", product + File(run, ".Sigmoid.") + File(run, ".Dot."));
        static string File(GeneratorRun run, string method) =>
            run.Sources.Single(s => s.Key.Contains(method, StringComparison.Ordinal) && s.Key.EndsWith(".PullbackPushforward.g.cs", StringComparison.Ordinal)).Value;
    }

    private delegate (double[] w, double b) Gradient(double[] w, double b, double[] x);

    private delegate (double[] w, double b) Product(double[] w, double b, double[] x, ReadOnlySpan<double> wDirection, double bDirection);

    private delegate double[,] Hessian(double[] w, double b, double[] x);

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void TheHessianIsTheDerivativeOfTheGradientOnBothSidesOfTheBranch(double b)
    {
        Type model = Run(Representative).Load().GetType("Model")!;
        var gradient = model.GetMethod("EnergyGradient")!.CreateDelegate<Gradient>();
        var product = model.GetMethod("EnergyHessianVectorProduct")!.CreateDelegate<Product>();
        var hessian = model.GetMethod("EnergyHessian")!.CreateDelegate<Hessian>();
        double[] w = [0.7, -0.4, 1.1], x = [0.2, -0.5, 0.3];

        // Central differences of the generated gradient, one input at a time: the columns of H.
        const double step = 1e-6;
        int n = w.Length + 1;
        var expected = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double[] wp = (double[])w.Clone(), wm = (double[])w.Clone();
            double bp = b, bm = b;
            if (j < w.Length) { wp[j] += step; wm[j] -= step; } else { bp += step; bm -= step; }
            (double[] gwp, double gbp) = gradient(wp, bp, x);
            (double[] gwm, double gbm) = gradient(wm, bm, x);
            for (int i = 0; i < w.Length; i++) expected[i, j] = (gwp[i] - gwm[i]) / (2 * step);
            expected[w.Length, j] = (gbp - gbm) / (2 * step);
        }

        double[,] h = hessian(w, b, x);
        Assert.Equal(n, h.GetLength(0));
        Assert.Equal(n, h.GetLength(1));
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.Equal(h[j, i], h[i, j]);
                Assert.Equal(expected[i, j], h[i, j], 5);
            }
        }

        double[] v = [0.5, -2.0, 0.25];
        const double bv = 1.5;
        (double[] hw, double hb) = product(w, b, x, v, bv);
        for (int i = 0; i < n; i++)
        {
            double row = bv * h[i, w.Length];
            for (int j = 0; j < w.Length; j++) row += h[i, j] * v[j];
            Assert.Equal(row, i < w.Length ? hw[i] : hb, 10);
        }
    }

    /// <summary>Shapes of code the gradient handles with machinery of its own (a running maximum recorded once, a fused reduction,
    /// a rented local array, a stackalloc'd one, a while loop of data-dependent trips, LINQ, a switch, an early return inside a
    /// loop, a local function, calls of other methods whose pullbacks are then pushed forward), each with the same signature, so
    /// that one check runs them all.</summary>
    private const string Shapes = """
        using System;
        using System.Linq;
        using GradGen;

        public static partial class Shapes
        {
            [Differentiable(Hessian = true)]
            public static double RunningMax(double[] w, double b)
            {
                double m = w[0] * b;
                for (int i = 1; i < w.Length; i++) m = Math.Max(m, w[i] * w[i] * b);
                return m * m + b;
            }

            [Differentiable(Hessian = true)]
            public static double Reduction(double[] w, double b)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++) s += Math.Exp(w[i] * b) / (1 + w[i] * w[i]);
                return s * s;
            }

            [Differentiable(Hessian = true)]
            public static double RentedBuffer(double[] w, double b)
            {
                double[] h = new double[w.Length];
                for (int i = 0; i < w.Length; i++) h[i] = Math.Tanh(w[i] + b);
                double s = 0;
                for (int i = 0; i < h.Length; i++) s += h[i] * h[(i + 1) % h.Length];
                return s;
            }

            [Differentiable(Hessian = true)]
            public static double StackBuffer(double[] w, double b)
            {
                Span<double> h = stackalloc double[w.Length];
                for (int i = 0; i < w.Length; i++) h[i] = w[i] * b;
                for (int i = 1; i < h.Length; i++) h[i] += h[i - 1] * h[i - 1];
                return h[h.Length - 1];
            }

            [Differentiable(Hessian = true)]
            public static double WhileLoop(double[] w, double b)
            {
                double x = b;
                int k = 0;
                while (k < 5 * w.Length)
                {
                    x = x - 0.1 * Math.Sin(x * w[k % w.Length]);
                    k++;
                }

                return x * x;
            }

            [Differentiable(Hessian = true)]
            public static double Linq(double[] w, double b) => w.Sum(v => v * v * b) + w.Select((v, j) => v * (j + 1)).Max() * b;

            [Differentiable(Hessian = true)]
            public static double Switch(double[] w, double b)
            {
                double s = 0;
                for (int i = 0; i < w.Length; i++)
                {
                    switch (i % 3)
                    {
                        case 0: s += w[i] * w[i] * b; break;
                        case 1: s -= Math.Cos(w[i] + b); break;
                        default: s += Math.Sqrt(1 + w[i] * w[i] * b * b); break;
                    }
                }

                return s;
            }

            [Differentiable(Hessian = true)]
            public static double EarlyReturn(double[] w, double b)
            {
                double p = 1;
                for (int i = 0; i < w.Length; i++)
                {
                    p *= 1 + w[i] * b;
                    if (p > 100) return Math.Log(p);
                }

                return p * p;
            }

            private static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

            // A helper calling a helper.
            private static double Smooth(double z) => Softplus(z) * z;

            // A loop that overwrites a value: the pullback tapes it, and its pullback pushed forward tapes dual values.
            [Differentiable]
            public static double Chain(double[] v, double c)
            {
                double h = c;
                for (int i = 0; i < v.Length; i++) h = Math.Tanh(v[i] * h + 0.1 * i);
                return h * c;
            }

            private static double Mean(double[] v)
            {
                double s = 0;
                for (int i = 0; i < v.Length; i++) s += v[i];
                return s / v.Length;
            }

            [Differentiable(Hessian = true)]
            public static double Calls(double[] w, double b)
            {
                double[] h = new double[w.Length];
                for (int i = 0; i < w.Length; i++) h[i] = Smooth(w[i] * b);
                return Chain(w, b) + Mean(h) * Softplus(b) + Chain(h, 0.5);
            }

            [Differentiable(Hessian = true)]
            public static double CallsInLoop(double[] w, double b)
            {
                double x = b;
                for (int i = 0; i < w.Length; i++) x = Smooth(x * w[i]) - 0.5 * x;
                return x * x + Chain(w, x);
            }

            [Differentiable(Hessian = true)]
            public static double LocalFunction(double[] w, double b)
            {
                double Sigmoid(double z) => 1 / (1 + Math.Exp(-z * b));
                double s = 0;
                foreach (double v in w) s += Sigmoid(v) * v;
                return s;
            }
        }
        """;

    private delegate (double[] w, double b) ShapeGradient(double[] w, double b);

    private delegate (double[] w, double b) ShapeProduct(double[] w, double b, ReadOnlySpan<double> wDirection, double bDirection);

    private delegate double[,] ShapeHessian(double[] w, double b);

    [Theory]
    [InlineData("RunningMax")]
    [InlineData("Reduction")]
    [InlineData("RentedBuffer")]
    [InlineData("StackBuffer")]
    [InlineData("WhileLoop")]
    [InlineData("Linq")]
    [InlineData("Switch")]
    [InlineData("EarlyReturn")]
    [InlineData("LocalFunction")]
    [InlineData("Calls")]
    [InlineData("CallsInLoop")]
    public void EveryShapeOfCodeGetsTheDerivativeOfItsGradient(string name)
    {
        Type shapes = SharedShapes.Value.GetType("Shapes")!;
        var gradient = shapes.GetMethod(name + "Gradient")!.CreateDelegate<ShapeGradient>();
        var product = shapes.GetMethod(name + "HessianVectorProduct")!.CreateDelegate<ShapeProduct>();
        var hessian = shapes.GetMethod(name + "Hessian")!.CreateDelegate<ShapeHessian>();
        double[] w = [0.7, -0.4, 1.1, 0.3];
        const double b = 0.8;
        double[] point = [.. w, b];
        int n = point.Length;
        double[] Flat(double[] p) { var (gw, gb) = gradient(p[..^1], p[^1]); return [.. gw, gb]; }

        double[,] h = hessian(w, b);
        const double step = 1e-6;
        for (int j = 0; j < n; j++)
        {
            double[] plus = (double[])point.Clone(), minus = (double[])point.Clone();
            plus[j] += step;
            minus[j] -= step;
            double[] gp = Flat(plus), gm = Flat(minus);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(h[j, i], h[i, j]);
                double expected = (gp[i] - gm[i]) / (2 * step);
                Assert.True(Math.Abs(expected - h[i, j]) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{name}: H[{i},{j}] = {h[i, j]:R}, differences of the gradient give {expected:R}");
            }
        }

        double[] v = [1.0, -0.5, 0.25, 2.0];
        var (pw, pb) = product(w, b, v, -1.5);
        double[] hv = [.. pw, pb];
        for (int i = 0; i < n; i++)
        {
            double expected = -1.5 * h[i, n - 1];
            for (int j = 0; j < w.Length; j++) expected += h[i, j] * v[j];
            Assert.True(Math.Abs(expected - hv[i]) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{name}: (Hv)[{i}] = {hv[i]:R}, H·v gives {expected:R}");
        }
    }

    private static readonly Lazy<System.Reflection.Assembly> SharedShapes = new(() => Run(Shapes).Load());

    [Fact]
    public void WithoutHessianNothingChanges()
    {
        GeneratorRun with = Run(Representative);
        GeneratorRun without = Run(Representative.Replace("[Differentiable(Hessian = true)]", "[Differentiable]"));
        Assert.DoesNotContain("Hessian", without.Single(".Energy."), StringComparison.Ordinal);
        string file = without.Single(".Energy.");
        Assert.StartsWith(file[..file.LastIndexOf("    }", StringComparison.Ordinal)].TrimEnd(), with.Single(".Energy."), StringComparison.Ordinal);
    }

    [Fact]
    public void FloatHessianOfScalars()
    {
        Type model = Run("""
            using System;
            using GradGen;

            public static partial class Shapes
            {
                [Differentiable(Hessian = true)]
                public static float Bowl(float x, float y) => x * x * y + MathF.Sin(y);
            }
            """).Load().GetType("Shapes")!;
        var h = (float[,])model.GetMethod("BowlHessian")!.Invoke(null, [2f, 0.5f])!;
        Assert.Equal(2 * 0.5f, h[0, 0], 5);
        Assert.Equal(2 * 2f, h[0, 1], 5);
        Assert.Equal(2 * 2f, h[1, 0], 5);
        Assert.Equal(-MathF.Sin(0.5f), h[1, 1], 5);
        var hv = ((float x, float y))model.GetMethod("BowlHessianVectorProduct")!.Invoke(null, [2f, 0.5f, 1f, 0f])!;
        Assert.Equal(h[0, 0], hv.x, 5);
        Assert.Equal(h[1, 0], hv.y, 5);
    }

    [Fact]
    public Task GG0026_HessianOfAVectorValuedMethod() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable(Forward = true, {|#0:Hessian = true|})]
            public static (double A, double B) Both(double x) => (x, x * x);
        }
        """,
        Verify.Diagnostic("GG0026").WithLocation(0).WithArguments("Both"));

    [Fact]
    public void RecursionGoesThroughItsOwnPullbackPushedForward()
    {
        // Pow (a helper) and Power (the Hessian method) call themselves: each gets a pullback pushed forward that calls itself,
        // and Power, which has no pushforward of its own, gets one for the values of its calls (they were GG0027).
        GeneratorRun run = Run("""
            using GradGen;

            public struct Line { public double W; public double B; }

            public static partial class Losses
            {
                private static double Square(double u) => u * u;

                private static double Pow(double u, int n)
                {
                    if (n == 0) return 1;
                    return u * Pow(u, n - 1);
                }

                [Differentiable(Hessian = true)]
                public static double Loss(double w, Line line, [NoDerivative] double c) => Square(w - c) + Pow(w, 3) + line.W * line.B + Pow(c, 2);

                [Differentiable(Hessian = true)]
                public static double Power(double x, int n)
                {
                    if (n == 0) return 1;
                    return x * Power(x, n - 1);
                }
            }
            """);
        string File(string method, string kind) => run.Sources.Single(f => f.Key.StartsWith("Losses." + method + ".", StringComparison.Ordinal)
            && f.Key.Split('.').Length == (kind.Length == 0 ? 5 : 6) && f.Key.EndsWith(kind + ".g.cs", StringComparison.Ordinal)).Value;
        Assert.Contains("global::Losses.PowPullbackPushforward(", File("Pow", ".PullbackPushforward"), StringComparison.Ordinal);
        Assert.Contains("global::Losses.PowerPullbackPushforward(", File("Power", ".PullbackPushforward"), StringComparison.Ordinal);
        Assert.Contains("global::Losses.PowerPullbackPushforward(", File("Power", ""), StringComparison.Ordinal);
        Assert.Contains("global::Losses.PowerPushforward(", File("Power", ".Pushforward"), StringComparison.Ordinal);

        System.Reflection.Assembly assembly = run.Load();
        Type losses = assembly.GetType("Losses")!;
        Type line = assembly.GetType("Line")!;
        object l = Activator.CreateInstance(line)!;
        line.GetField("W")!.SetValue(l, 0.5);
        line.GetField("B")!.SetValue(l, -1.5);
        const double w = 0.7, c = 0.2;

        // Loss = (w − c)² + w³ + W·B + c²: ∂²/∂w² = 2 + 6w, ∂²/∂W∂B = 1, nothing else.
        var h = (double[,])losses.GetMethod("LossHessian")!.Invoke(null, [w, l, c])!;
        Assert.Equal(2 + 6 * w, h[0, 0], 12);
        Assert.Equal(1.0, h[1, 2], 12);
        Assert.Equal(1.0, h[2, 1], 12);
        Assert.Equal(0.0, h[0, 1], 12);
        Assert.Equal(0.0, h[1, 1], 12);

        // Power = xⁿ: n(n − 1)xⁿ⁻².
        var hp = (double[,])losses.GetMethod("PowerHessian")!.Invoke(null, [1.3, 4])!;
        Assert.Equal(12 * 1.3 * 1.3, hp[0, 0], 12);
        var hv = (double)losses.GetMethod("PowerHessianVectorProduct")!.Invoke(null, [1.3, 4, 2.0])!;
        Assert.Equal(24 * 1.3 * 1.3, hv, 12);
    }

    [Fact]
    public Task GG0027_ACallOfAMethodWithACustomPullback() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            public static double Softplus(double z) => Math.Log(1 + Math.Exp(z));

            [CustomPullback(typeof(Losses), nameof(Softplus))]
            internal static double SoftplusPullback(double z, double seed, ref double zAdjoint)
            {
                zAdjoint += seed / (1 + Math.Exp(-z));
                return Softplus(z);
            }

            [Differentiable(Hessian = true)]
            public static double Loss(double w, [NoDerivative] double c) => {|#0:Softplus(w)|} * w + Softplus(c);
        }
        """,
        Verify.Diagnostic("GG0027").WithLocation(0).WithArguments("Loss",
            "the call to 'Softplus' depends on the differentiable parameters, and 'Softplus' has a custom derivative, which GradGen cannot differentiate a second time; write its code in this method (a local function, or inline), or remove Hessian = true"));

    [Fact]
    public void AGenericTapedLoop()
    {
        // A value of T overwritten in a loop goes on a Tape<T>, whose tangents go on one beside it (it had none: GG9999).
        Type model = Run("""
            using System;
            using System.Numerics;
            using GradGen;

            public static partial class Powers
            {
                [Differentiable(Hessian = true)]
                public static T F<T>(T[] a, T x) where T : IFloatingPointIeee754<T>
                {
                    foreach (T v in a) x = x * x * v;
                    return x;
                }
            }
            """).Load().GetType("Powers")!;
        double[] a = [1.1, 0.9];
        const double x = 1.2;

        // F = x⁴ a0² a1.
        var h = (double[,])model.GetMethod("FHessian")!.MakeGenericMethod(typeof(double)).Invoke(null, [a, x])!;
        Assert.Equal(12 * x * x * a[0] * a[0] * a[1], h[2, 2], 12);
        Assert.Equal(8 * x * x * x * a[0] * a[1], h[0, 2], 12);
        Assert.Equal(4 * x * x * x * a[0] * a[0], h[1, 2], 12);
        Assert.Equal(2 * x * x * x * x * a[1], h[0, 0], 12);
    }

    [Fact]
    public void AGenericHessianThroughAGenericCalleeAtDoubleAndFloat()
    {
        Type activations = Run("""
            using System.Numerics;
            using GradGen;

            public static partial class Activations
            {
                [Differentiable]
                public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(T.One + T.Exp(x));

                [Differentiable(Hessian = true)]
                public static T Loss<T>(T[] w, T b) where T : IFloatingPointIeee754<T>
                {
                    T s = b * b;
                    for (int i = 0; i < w.Length; i++) s += Softplus(w[i] * b) * w[i];
                    return s;
                }
            }
            """).Load().GetType("Activations")!;

        // L = b² + Σ w_i softplus(w_i b), σ the logistic function at z_i = w_i b and σ' = σ(1 - σ): ∂²L/∂w_i² = 2bσ + w_i b²σ',
        // ∂²L/∂w_i∂b = 2w_iσ + w_i² b σ', ∂²L/∂b² = 2 + Σ w_i³ σ'.
        double[] w = [0.7, -0.4];
        const double b = 0.9;
        double Sigma(double z) => 1 / (1 + Math.Exp(-z));
        var expected = new double[3, 3];
        expected[2, 2] = 2;
        for (int i = 0; i < 2; i++)
        {
            double z = w[i] * b, s = Sigma(z), ds = s * (1 - s);
            expected[i, i] = 2 * b * s + w[i] * b * b * ds;
            expected[i, 2] = expected[2, i] = 2 * w[i] * s + w[i] * w[i] * b * ds;
            expected[2, 2] += w[i] * w[i] * w[i] * ds;
        }

        var hd = (double[,])activations.GetMethod("LossHessian")!.MakeGenericMethod(typeof(double)).Invoke(null, [w, b])!;
        var hf = (float[,])activations.GetMethod("LossHessian")!.MakeGenericMethod(typeof(float)).Invoke(null, [w.Select(x => (float)x).ToArray(), (float)b])!;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(expected[i, j], hd[i, j], 12);
                Assert.Equal(expected[i, j], hf[i, j], 4);
            }
        }
    }
}
