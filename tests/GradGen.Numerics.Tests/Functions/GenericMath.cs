using System.Numerics;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Generic [Differentiable] methods over T : IFloatingPointIeee754&lt;T&gt; (and narrower), instantiated at double,
/// float and Half by <see cref="GenericMathTests"/>, and the double and float methods that call them.</summary>
public static partial class GenericMath
{
    [Differentiable]
    public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T> => T.Log(T.One + T.Exp(x));

    [Differentiable(Forward = true)]
    public static T LogCosh<T>(T x) where T : IFloatingPointIeee754<T>
    {
        T a = T.Abs(x);
        return a + T.Log(T.One + T.Exp(T.CreateChecked(-2) * a)) - T.Log(T.CreateChecked(2.0));
    }

    /// <summary>A generic method calling two others (explicitly and by inference).</summary>
    [Differentiable]
    public static T SmoothL1<T>(T x, T beta) where T : IFloatingPointIeee754<T> => Softplus<T>(x * beta) / beta + LogCosh(x);

    [Differentiable(Forward = true)]
    public static T Gaussian<T>(T x, T mu, T sigma) where T : IBinaryFloatingPointIeee754<T>
    {
        T z = (x - mu) / sigma;
        return T.Exp(-(z * z) / T.CreateChecked(2)) / sigma;
    }

    /// <summary>Elementary functions, comparisons and the three conversions of constants.</summary>
    [Differentiable]
    public static T Mixed<T>(T x, T y) where T : IBinaryFloatingPointIeee754<T>
    {
        T s = T.Sqrt(x * x + y * y) + T.Sin(x) * T.Cos(y) - T.Tanh(y) + T.Pow(x, T.CreateChecked(2));
        if (x > y) s += T.Max(x, y) * T.Pi;
        else s -= T.Min(x, y) / T.E;
        T t = x >= T.Zero ? T.Atan2(y, x) : T.Hypot(x, y);
        return s * T.CreateTruncating(0.5) - T.CreateSaturating(1.5f) * x + t + T.Cbrt(x * x + T.One) + T.Log10(y * y + T.One);
    }

    [Differentiable]
    public static T Norm<T>(ReadOnlySpan<T> xs) where T : IRootFunctions<T>, IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        foreach (T x in xs) sum += x * x;
        return T.Sqrt(sum);
    }

    [Differentiable]
    public static T LogSumExp<T>(T[] xs) where T : IFloatingPointIeee754<T>
    {
        T max = xs[0];
        for (int i = 1; i < xs.Length; i++) max = T.Max(max, xs[i]);
        T sum = T.Zero;
        for (int i = 0; i < xs.Length; i++) sum += T.Exp(xs[i] - max);
        return max + T.Log(sum);
    }

    [Differentiable]
    public static T Dot<T>(Span<T> w, [NoDerivative] ReadOnlySpan<T> x, T bias) where T : IFloatingPointIeee754<T>
    {
        T s = bias;
        for (int i = 0; i < w.Length; i++) s += w[i] * x[i] / T.CreateChecked(i + 1);
        return s;
    }

    /// <summary>A while loop whose values the pullback keeps on a tape of T.</summary>
    [Differentiable]
    public static T Product<T>(T[] xs, int steps) where T : IFloatingPointIeee754<T>
    {
        T p = T.One;
        int k = 0;
        while (k < steps)
        {
            p = p * xs[k % xs.Length] + T.CreateChecked(0.25) * T.Sin(p);
            k++;
        }

        return p;
    }

    /// <summary>A double method calling generic ones: with an explicit type argument and by inference.</summary>
    [Differentiable]
    public static double Activation(double x, double beta) => Softplus<double>(x * beta) + SmoothL1(x, beta) * Gaussian(x, 0.5, 2.0);

    [Differentiable]
    public static float ActivationFloat(float x) => LogCosh(x) * Softplus<float>(x);
}
