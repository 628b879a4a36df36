using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>LINQ's Sum, Average, Max and Min of arrays, differentiated as the loops they are.</summary>
public static partial class Reductions
{
    // All four of a differentiable array, one of a buffer per sample, one of a row of data.
    [Differentiable(Forward = true)]
    public static double Stats(double[] x, [NoDerivative] double[][] data)
    {
        double spread = x.Max() - x.Min();
        double loss = x.Sum() * x.Average() + spread * spread;
        for (int n = 0; n < data.Length; n++)
        {
            var z = new double[x.Length];
            for (int j = 0; j < z.Length; j++) z[j] = x[j] * data[n][j];
            loss += z.Max() + data[n].Max();
        }

        return loss;
    }

    public static double[] StatsAnalytic(double[] x, double[][] data)
    {
        int m = x.Length, iMax = 0, iMin = 0;
        for (int i = 1; i < m; i++) { if (x[i] > x[iMax]) iMax = i; if (x[i] < x[iMin]) iMin = i; }
        double s = x.Sum(), a = s / m, spread = x[iMax] - x[iMin];
        var g = new double[m];
        for (int i = 0; i < m; i++) g[i] = a + s / m;
        g[iMax] += 2 * spread;
        g[iMin] -= 2 * spread;
        foreach (double[] row in data)
        {
            int best = 0;
            for (int j = 1; j < m; j++) if (x[j] * row[j] > x[best] * row[best]) best = j;
            g[best] += row[best];
        }

        return g;
    }

    [Differentiable(Forward = true)]
    public static float LinqMomentF(float[] x) => x.Sum() * x.Average();

    public static double LinqMomentD(double[] x) => x.Sum() * x.Average();

    public static double[] LinqMomentDAnalytic(double[] x) => x.Select(_ => 2 * x.Sum() / x.Length).ToArray();

    private static readonly double[][] Data = [[1.0, -2.0, 0.5], [0.3, 0.1, -1.0]];

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(Stats),
            Parameters = ["x[0]", "x[1]", "x[2]"],
            Value = p => Stats(p, Data),
            Gradient = p => StatsGradient(p, Data),
            ValueAndGradient = p => StatsValueAndGradient(p, Data),
            Pullback = (p, seed, a) => StatsPullback(p, Data, seed, a),
            Pushforward = (p, tangent) => StatsPushforward(p, Data, tangent),
            Analytic = p => StatsAnalytic(p, Data),
            Points = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.7], [-3.0, 2.0, 1.0]],
        };
        yield return new DoubleCase
        {
            Name = nameof(Edge),
            Parameters = ["x[0]", "x[1]", "x[2]"],
            Value = Edge,
            Gradient = EdgeGradient,
            ValueAndGradient = EdgeValueAndGradient,
            Pullback = (p, seed, a) => EdgePullback(p, seed, a),
            Pushforward = (p, tangent) => EdgePushforward(p, tangent),
            Analytic = p =>
            {
                int iMax = 0, iMin = 0;
                for (int i = 1; i < p.Length; i++) { if (p[i] > p[iMax]) iMax = i; if (p[i] < p[iMin]) iMin = i; }
                var g = new double[p.Length];
                g[iMax] += 1;
                g[iMin] += 1;
                return g;
            },
            Points = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.7]],
        };
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return new FloatCase
        {
            Name = nameof(LinqMomentF),
            Parameters = ["x[0]", "x[1]", "x[2]"],
            Value = p => LinqMomentF(p),
            Gradient = p => LinqMomentFGradient(p),
            ValueAndGradient = p => LinqMomentFValueAndGradient(p),
            Pullback = (p, seed, a) => LinqMomentFPullback(p, seed, a),
            Pushforward = (p, tangent) => LinqMomentFPushforward(p, tangent),
            Reference = LinqMomentD,
            Analytic = LinqMomentDAnalytic,
            Points = [[0.5f, -1.0f, 2.0f], [1.5f, 0.25f, -0.7f]],
        };
    }
}

/// <summary>The values of the generated members are LINQ's, bit for bit, at the edges too: NaN, signed zeros, empty arrays.</summary>
public class ReductionValueTests
{
    public static TheoryData<double[]> Edges() => new()
    {
        new[] { double.NaN, 1.0, 2.0 },
        new[] { 1.0, double.NaN, 3.0 },
        new[] { -0.0, 0.0 },
        new[] { 0.0, -0.0 },
        new[] { double.PositiveInfinity, double.NegativeInfinity },
        new[] { 5.0 },
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void ValuesAreLinqs(double[] x)
    {
        double expected = Reductions.Edge(x);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(Reductions.EdgeValueAndGradient(x).Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(Reductions.EdgePullback(x, 1.0, new double[x.Length])));
    }

    [Fact]
    public void AnEmptyArrayThrowsAsLinqDoes()
    {
        Assert.Throws<InvalidOperationException>(() => Reductions.Edge([]));
        Assert.Throws<InvalidOperationException>(() => Reductions.EdgeGradient([]));
        Assert.Throws<InvalidOperationException>(() => Reductions.EdgePullback([], 1.0, []));
    }
}

public static partial class Reductions
{
    // Max and Min of signed zeros and NaN: only their bits tell them apart, so the sum mixes them through CopySign.
    [Differentiable(Forward = true)]
    public static double Edge(double[] x) => Math.CopySign(1.0, x.Max()) + 2 * Math.CopySign(1.0, x.Min()) + x.Max() + x.Min();
}
