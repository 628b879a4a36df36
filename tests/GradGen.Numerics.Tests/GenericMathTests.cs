using System.Numerics;
using System.Reflection;
using GradGen.Numerics.Tests.Functions;
using Xunit;

namespace GradGen.Numerics.Tests;

/// <summary>
/// The generic methods of <see cref="GenericMath"/> at double, float and Half: gradients against analytic derivatives (computed
/// in double) and finite differences of the double instantiation, values bit for bit those of the method at each type, and the
/// double and float methods that call them.
/// </summary>
public sealed class GenericMathTests
{
    /// <summary>Relative tolerances: a few units of each type's precision, times the conditioning of these functions.</summary>
    private static double Tolerance<T>() => typeof(T) == typeof(double) ? 1e-7 : typeof(T) == typeof(float) ? 1e-4 : 3e-2;

    private static double D<T>(T v) where T : INumberBase<T> => double.CreateChecked(v);

    private static T C<T>(double v) where T : INumberBase<T> => T.CreateChecked(v);

    private static void Close<T>(double expected, T actual, string what)
        where T : INumberBase<T>
    {
        double a = D(actual);
        Assert.True(Math.Abs(a - expected) <= Tolerance<T>() * (1 + Math.Abs(expected)), $"{typeof(T).Name} {what}: expected {expected}, got {a}");
    }

    private static readonly double[] Points = [-1.7, -0.35, 0.6, 1.9];

    public static TheoryData<string> Types => new() { "double", "float", "Half" };

    private static void ForEachType(string type, Action<Type> run) => run(type switch { "double" => typeof(double), "float" => typeof(float), _ => typeof(Half) });

    private static void Run(string type, string test) =>
        ForEachType(type, t => typeof(GenericMathTests).GetMethod(test, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(t).Invoke(null, null));

    [Theory]
    [MemberData(nameof(Types))]
    public void SoftplusIsTheSigmoid(string type) => Run(type, nameof(Softplus));

    private static void Softplus<T>() where T : IBinaryFloatingPointIeee754<T>
    {
        foreach (double p in Points)
        {
            T x = C<T>(p);
            Close(1 / (1 + Math.Exp(-D(x))), GenericMath.SoftplusGradient(x), "Softplus'");
            (T value, T gradient) = GenericMath.SoftplusValueAndGradient(x);
            Assert.Equal(GenericMath.Softplus(x), value);
            Assert.Equal(GenericMath.SoftplusGradient(x), gradient);
            T adjoint = T.One;
            Assert.Equal(GenericMath.Softplus(x), GenericMath.SoftplusPullback(x, C<T>(2), ref adjoint));
            Close(1 + 2 / (1 + Math.Exp(-D(x))), adjoint, "Softplus pullback accumulates");
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void LogCoshIsTheTanhInBothModes(string type) => Run(type, nameof(LogCosh));

    private static void LogCosh<T>() where T : IBinaryFloatingPointIeee754<T>
    {
        foreach (double p in Points)
        {
            T x = C<T>(p);
            Close(Math.Tanh(D(x)), GenericMath.LogCoshGradient(x), "LogCosh'");
            (T value, T tangent) = GenericMath.LogCoshPushforward(x, C<T>(3));
            Assert.Equal(GenericMath.LogCosh(x), value);
            Close(3 * Math.Tanh(D(x)), tangent, "LogCosh pushforward");
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void SmoothL1DifferentiatesThroughItsGenericCallees(string type) => Run(type, nameof(SmoothL1));

    private static void SmoothL1<T>() where T : IBinaryFloatingPointIeee754<T>
    {
        foreach (double p in Points)
        {
            foreach (double b in new[] { 0.5, 2.0 })
            {
                T x = C<T>(p), beta = C<T>(b);
                double xd = D(x), bd = D(beta);
                double sigmoid = 1 / (1 + Math.Exp(-xd * bd));
                double dx = sigmoid + Math.Tanh(xd);
                double db = xd * sigmoid / bd - Math.Log(1 + Math.Exp(xd * bd)) / (bd * bd);
                (T gx, T gb) = GenericMath.SmoothL1Gradient(x, beta);
                Close(dx, gx, "SmoothL1/x");
                Close(db, gb, "SmoothL1/beta");
                Assert.Equal(GenericMath.SmoothL1(x, beta), GenericMath.SmoothL1ValueAndGradient(x, beta).Value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void GaussianAgainstItsAnalyticPartials(string type) => Run(type, nameof(Gaussian));

    private static void Gaussian<T>() where T : IBinaryFloatingPointIeee754<T>
    {
        foreach (double p in Points)
        {
            T x = C<T>(p), mu = C<T>(0.25), sigma = C<T>(1.5);
            double z = (D(x) - D(mu)) / D(sigma);
            double g = Math.Exp(-z * z / 2) / D(sigma);
            (T gx, T gmu, T gsigma) = GenericMath.GaussianGradient(x, mu, sigma);
            Close(-g * z / D(sigma), gx, "Gaussian/x");
            Close(g * z / D(sigma), gmu, "Gaussian/mu");
            Close(g * (z * z - 1) / D(sigma), gsigma, "Gaussian/sigma");
            (T value, T tangent) = GenericMath.GaussianPushforward(x, mu, sigma, T.One, T.Zero, T.One);
            Assert.Equal(GenericMath.Gaussian(x, mu, sigma), value);
            Close(-g * z / D(sigma) + g * (z * z - 1) / D(sigma), tangent, "Gaussian pushforward");
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void MixedAgainstFiniteDifferences(string type) => Run(type, nameof(Mixed));

    private static void Mixed<T>() where T : IBinaryFloatingPointIeee754<T>
    {
        foreach (double p in Points)
        {
            foreach (double q in new[] { -0.8, 1.1 })
            {
                T x = C<T>(p), y = C<T>(q);
                double[] expected = FiniteDifference.Gradient(v => GenericMath.Mixed(v[0], v[1]), [D(x), D(y)]);
                (T gx, T gy) = GenericMath.MixedGradient(x, y);
                double scale = 1 + Math.Abs(expected[0]) + Math.Abs(expected[1]);
                Close(expected[0] / scale, C<T>(D(gx) / scale), "Mixed/x");
                Close(expected[1] / scale, C<T>(D(gy) / scale), "Mixed/y");
                Assert.Equal(GenericMath.Mixed(x, y), GenericMath.MixedValueAndGradient(x, y).Value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void LoopsOverArraysAndSpans(string type) => Run(type, nameof(Loops));

    private static void Loops<T>() where T : IBinaryFloatingPointIeee754<T>
    {
        T[] xs = [C<T>(0.5), C<T>(-1.25), C<T>(2), C<T>(0.75)];
        double[] xd = xs.Select(D).ToArray();

        // ‖x‖ over a ReadOnlySpan<T>: x / ‖x‖.
        double norm = Math.Sqrt(xd.Sum(v => v * v));
        T[] gNorm = GenericMath.NormGradient<T>(xs);
        for (int i = 0; i < xs.Length; i++) Close(xd[i] / norm, gNorm[i], "Norm/x" + i);

        // log Σ exp over a T[]: the softmax.
        double max = xd.Max();
        double sum = xd.Sum(v => Math.Exp(v - max));
        T[] gLse = GenericMath.LogSumExpGradient(xs);
        for (int i = 0; i < xs.Length; i++) Close(Math.Exp(xd[i] - max) / sum, gLse[i], "LogSumExp/x" + i);
        Assert.Equal(GenericMath.LogSumExp(xs), GenericMath.LogSumExpValueAndGradient(xs).Value);

        // A Span<T> differentiated beside a ReadOnlySpan<T> of data.
        T[] w = [C<T>(1), C<T>(-2), C<T>(0.5), C<T>(3)];
        (T[] gw, T gBias) = GenericMath.DotGradient<T>(w, xs, C<T>(0.5));
        for (int i = 0; i < w.Length; i++) Close(xd[i] / (i + 1), gw[i], "Dot/w" + i);
        Close(1, gBias, "Dot/bias");

        // A while loop, its values on a tape of T, against finite differences of the double instantiation.
        double[] expected = FiniteDifference.Gradient(v => GenericMath.Product(v, 5), xd);
        T[] gProduct = GenericMath.ProductGradient(xs, 5);
        double scale = 1 + expected.Sum(Math.Abs);
        for (int i = 0; i < xs.Length; i++) Close(expected[i] / scale, C<T>(D(gProduct[i]) / scale), "Product/x" + i);
        T[] adjoint = new T[xs.Length];
        Assert.Equal(GenericMath.Product(xs, 5), GenericMath.ProductPullback(xs, 5, T.One, adjoint));
    }

    [Fact]
    public void DoubleMethodDifferentiatesThroughGenericCallees()
    {
        foreach (double x in Points)
        {
            foreach (double beta in new[] { 0.5, 2.0 })
            {
                double[] expected = FiniteDifference.Gradient(v => GenericMath.Activation(v[0], v[1]), [x, beta]);
                (double gx, double gb) = GenericMath.ActivationGradient(x, beta);
                Assert.Equal(expected[0], gx, 1e-7 * (1 + Math.Abs(expected[0])));
                Assert.Equal(expected[1], gb, 1e-7 * (1 + Math.Abs(expected[1])));
            }

            float xf = (float)x;
            double sigmoid = 1 / (1 + Math.Exp(-xf));
            double analytic = Math.Tanh(xf) * Math.Log(1 + Math.Exp(xf)) + (Math.Log(Math.Cosh(xf))) * sigmoid;
            Assert.Equal(analytic, GenericMath.ActivationFloatGradient(xf), 1e-4 * (1 + Math.Abs(analytic)));
        }
    }

    /// <summary>Every [Differentiable] method of <see cref="GenericMath"/> is tested above (RegistryTests leaves them to this class).</summary>
    [Fact]
    public void EveryGenericMathMethodIsTestedHere()
    {
        string[] tested = ["Softplus", "LogCosh", "SmoothL1", "Gaussian", "Mixed", "Norm", "LogSumExp", "Dot", "Product", "Activation", "ActivationFloat"];
        string[] declared = typeof(GenericMath).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<DifferentiableAttribute>() is not null).Select(m => m.Name).ToArray();
        Assert.Equal(tested.Order(), declared.Order());
    }
}
