using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>A foreach whose variable converts each element explicitly (<c>foreach (float v in doubles)</c>, as C# allows) or
/// implicitly (<c>foreach (double h in floats)</c>): the generated members must convert as the method does (a narrowing one
/// did not compile).</summary>
public static partial class ForeachConversions
{
    // f = Σ (1.5 xᵢ)² + Σ xᵢ / 2, in float.
    [Differentiable(Forward = true)]
    public static float Narrowed(float[] x)
    {
        var d = new double[x.Length];
        for (int i = 0; i < x.Length; i++) d[i] = x[i] * 1.5;
        float s = 0;
        foreach (float v in d) s += v * v;
        foreach (double h in x) s += (float)(h / 2);
        return s;
    }

    public static double NarrowedD(double[] x) => x.Sum(v => 2.25 * v * v + v / 2);

    public static double[] NarrowedDAnalytic(double[] x) => x.Select(v => 4.5 * v + 0.5).ToArray();

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return new FloatCase
        {
            Name = nameof(Narrowed),
            Parameters = ["x[0]", "x[1]", "x[2]"],
            Value = Narrowed,
            Gradient = NarrowedGradient,
            ValueAndGradient = p => NarrowedValueAndGradient(p),
            Pullback = (p, seed, a) => NarrowedPullback(p, seed, a),
            Pushforward = (p, t) => NarrowedPushforward(p, t),
            Reference = NarrowedD,
            Analytic = NarrowedDAnalytic,
            Points = [[0.5f, -1.0f, 2.0f], [1.5f, 0.25f, -0.7f]],
        };
    }
}
