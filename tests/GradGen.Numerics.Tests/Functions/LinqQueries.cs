using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

#pragma warning disable GG1008 // fields and properties read as constants on purpose: the cases check they get no derivative

namespace GradGen.Numerics.Tests.Functions;

/// <summary>LINQ with lambdas and method groups, as ML code writes its reductions: each query is the loop LINQ runs.</summary>
public static partial class LinqQueries
{
    private static readonly double[][] Rows = [[1.0, -2.0, 0.5], [0.3, 0.1, -1.0], [2.0, 0.5, 0.25]];
    private static readonly List<double[]> RowList = [[0.5, 1.5, -0.5], [1.0, -1.0, 2.0]];
    private static readonly List<double> Targets = [0.25, -0.5];
    private static readonly double[] Other = [0.5, -1.5, 2.0, 0.75];

    // Layer normalization's statistics: the mean, then the variance through a Select with a lambda that reads it.
    [Differentiable(Forward = true)]
    public static double Moments(double[] z)
    {
        double mean = z.Average();
        double variance = z.Select(v => (v - mean) * (v - mean)).Average();
        return variance + z.Max(v => v * v) + z.Min(v => Math.Sin(v)) + z.Sum(Math.Abs);
    }

    public static double[] MomentsAnalytic(double[] z)
    {
        int n = z.Length, iMax = 0, iMin = 0;
        double mean = z.Average();
        for (int i = 1; i < n; i++)
        {
            if (z[i] * z[i] > z[iMax] * z[iMax]) iMax = i;
            if (Math.Sin(z[i]) < Math.Sin(z[iMin])) iMin = i;
        }

        var g = new double[n];
        for (int i = 0; i < n; i++) g[i] = 2 * (z[i] - mean) / n + Math.Sign(z[i]);
        g[iMax] += 2 * z[iMax];
        g[iMin] += Math.Cos(z[iMin]);
        return g;
    }

    // Elastic net over rows of a list of arrays: an indexed Select, Sum with a method group and with a lambda.
    [Differentiable(Forward = true)]
    public static double ElasticNet(double[] w, List<double[]> rows, List<double> targets)
    {
        double sse = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            double pred = rows[i].Select((x, j) => x * w[j]).Sum();
            sse += (targets[i] - pred) * (targets[i] - pred);
        }

        return sse / rows.Count + 0.01 * w.Sum(Math.Abs) + 0.05 * w.Sum(v => v * v) + targets.Average() * w[0];
    }

    public static double[] ElasticNetAnalytic(double[] w, List<double[]> rows, List<double> targets)
    {
        var g = new double[w.Length];
        for (int i = 0; i < rows.Count; i++)
        {
            double pred = 0;
            for (int j = 0; j < w.Length; j++) pred += rows[i][j] * w[j];
            for (int j = 0; j < w.Length; j++) g[j] += -2 * (targets[i] - pred) * rows[i][j] / rows.Count;
        }

        for (int j = 0; j < w.Length; j++) g[j] += 0.01 * Math.Sign(w[j]) + 0.1 * w[j];
        g[0] += targets.Average();
        return g;
    }

    // foreach over the rows of a list of arrays: each row a view, read by index, queried, aliased.
    [Differentiable(Forward = true)]
    public static double ListRows(double[] w, List<double[]> rows)
    {
        double s = 0;
        foreach (double[] row in rows)
        {
            double[] same = row;
            s += row.Zip(w, (r, v) => r * v).Sum() * same[0] + row[^1] * w[row.Length - 1];
        }

        return s;
    }

    public static double[] ListRowsAnalytic(double[] w, List<double[]> rows)
    {
        var g = new double[w.Length];
        foreach (double[] row in rows)
        {
            for (int j = 0; j < w.Length; j++) g[j] += row[j] * row[0];
            g[row.Length - 1] += row[^1];
        }

        return g;
    }

    // Zip of a differentiable array with data that is longer: Zip stops at the shorter one. And a nested query.
    [Differentiable(Forward = true)]
    public static double Distances(double[] a, [NoDerivative] double[] b) =>
        a.Zip(b, (u, v) => (u - v) * (u - v)).Sum() + a.Sum(u => b.Sum(v => u * v * v)) + a.Zip(a.Select(v => v * v), (u, s) => u * s).Max();

    public static double[] DistancesAnalytic(double[] a, double[] b)
    {
        var g = new double[a.Length];
        double squares = b.Sum(v => v * v);
        int best = 0;
        for (int i = 1; i < a.Length; i++) if (a[i] * a[i] * a[i] > a[best] * a[best] * a[best]) best = i;
        for (int i = 0; i < a.Length; i++) g[i] = (i < b.Length ? 2 * (a[i] - b[i]) : 0) + squares;
        g[best] += 3 * a[best] * a[best];
        return g;
    }

    // Rows of jagged data, chained Selects with an index, Average with a selector, a helper and a [Differentiable] callee in lambdas.
    [Differentiable(Forward = true)]
    public static double Chained(double[] x, [NoDerivative] double[][] rows)
    {
        double loss = 0;
        foreach (double[] row in rows)
        {
            double z = row.Select((r, j) => r * x[j]).Select(v => Sigmoid(v)).Sum();
            loss += z * z + row.Average(r => Square(r * x[0]));
        }

        return loss + x.Select((v, i) => v * (i + 1)).Sum(u => u * u);
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    [Differentiable(Forward = true)]
    public static double Square(double v) => v * v;

    public static double[] ChainedAnalytic(double[] x, double[][] rows)
    {
        var g = new double[x.Length];
        foreach (double[] row in rows)
        {
            double z = 0;
            for (int j = 0; j < row.Length; j++) z += Sigmoid(row[j] * x[j]);
            for (int j = 0; j < row.Length; j++)
            {
                double s = Sigmoid(row[j] * x[j]);
                g[j] += 2 * z * s * (1 - s) * row[j];
                g[0] += 2 * row[j] * x[0] * row[j] / row.Length;
            }
        }

        for (int i = 0; i < x.Length; i++) g[i] += 2 * x[i] * (i + 1) * (i + 1);
        return g;
    }

    // Queries in conditions and loop conditions: computed before the statement (in the loop, before each test).
    [Differentiable(Forward = true)]
    public static double Conditions(double[] x, double w)
    {
        double s = 0;
        if (x.Sum(v => v * w) > 0) s += x.Max(v => v * w);
        int k = 0;
        while (x.Select(v => v * v).Sum() * k < 10 && k < x.Length)
        {
            s += x[k] * w;
            k++;
        }

        return s;
    }

    public static double[] ConditionsAnalytic(double[] x, double w)
    {
        var g = new double[x.Length + 1];
        double sum = 0, squares = 0;
        int best = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * w;
            squares += x[i] * x[i];
            if (x[i] * w > x[best] * w) best = i;
        }

        if (sum > 0)
        {
            g[best] += w;
            g[x.Length] += x[best];
        }

        for (int k = 0; k < x.Length && squares * k < 10; k++)
        {
            g[k] += w;
            g[x.Length] += x[k];
        }

        return g;
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Arrays1(nameof(Moments), Moments, MomentsGradient, MomentsValueAndGradient, (p, s, a) => MomentsPullback(p, s, a), MomentsAnalytic,
            [0.5, -1.0, 2.0, 0.3], [1.5, 0.25, -0.7, 0.3], [-3.0, 2.0, 1.0, -0.4]);
        yield return Arrays1(nameof(ElasticNet), p => ElasticNet(p, RowList, Targets), p => ElasticNetGradient(p, RowList, Targets),
            p => ElasticNetValueAndGradient(p, RowList, Targets), (p, s, a) => ElasticNetPullback(p, RowList, Targets, s, a),
            p => ElasticNetAnalytic(p, RowList, Targets), [0.4, -0.3, 0.25], [1.5, 0.5, -2.0]) with { Pushforward = (p, t) => ElasticNetPushforward(p, RowList, Targets, t) };
        yield return Arrays1(nameof(ListRows), p => ListRows(p, RowList), p => ListRowsGradient(p, RowList), p => ListRowsValueAndGradient(p, RowList),
            (p, s, a) => ListRowsPullback(p, RowList, s, a), p => ListRowsAnalytic(p, RowList), [0.4, -0.3, 0.25], [1.5, 0.5, -2.0]) with { Pushforward = (p, t) => ListRowsPushforward(p, RowList, t) };
        yield return Arrays1(nameof(Distances), p => Distances(p, Other), p => DistancesGradient(p, Other), p => DistancesValueAndGradient(p, Other),
            (p, s, a) => DistancesPullback(p, Other, s, a), p => DistancesAnalytic(p, Other), [0.5, -1.0, 2.0], [1.5, 0.25, -0.7]) with { Pushforward = (p, t) => DistancesPushforward(p, Other, t) };
        yield return Arrays1(nameof(Chained), p => Chained(p, Rows), p => ChainedGradient(p, Rows), p => ChainedValueAndGradient(p, Rows),
            (p, s, a) => ChainedPullback(p, Rows, s, a), p => ChainedAnalytic(p, Rows), [0.5, -1.0, 2.0], [1.5, 0.25, -0.7]) with { Pushforward = (p, t) => ChainedPushforward(p, Rows, t) };
        yield return new DoubleCase
        {
            Name = nameof(Conditions),
            Parameters = ["x[0]", "x[1]", "x[2]", "w"],
            Value = p => Conditions(p[..3], p[3]),
            Pushforward = (p, t) => ConditionsPushforward(p[..3], p[3], t[..3], t[3]),
            Gradient = p =>
            {
                (double[] x, double w) = ConditionsGradient(p[..3], p[3]);
                return [.. x, w];
            },
            ValueAndGradient = p =>
            {
                (double value, (double[] x, double w)) = ConditionsValueAndGradient(p[..3], p[3]);
                return (value, [.. x, w]);
            },
            Pullback = (p, s, a) =>
            {
                double[] ax = a[..3];
                double v = ConditionsPullback(p[..3], p[3], s, ax, ref a[3]);
                ax.CopyTo(a, 0);
                return v;
            },
            Analytic = p => ConditionsAnalytic(p[..3], p[3]),
            Points = [[0.5, -1.0, 2.0, 0.7], [1.5, 0.25, -0.7, -1.2], [0.1, 0.2, 0.3, 2.0]],
        };
    }

    internal static DoubleCase Arrays1(string name, Func<double[], double> f, Func<double[], double[]> gradient, Func<double[], (double, double[])> valueAndGradient,
        FlatPullback<double> pullback, Func<double[], double[]> analytic, params double[][] points) => new()
        {
            Name = name,
            Parameters = Enumerable.Range(0, points.Max(p => p.Length)).Select(i => "x[" + i + "]").ToArray(),
            Value = f,
            Gradient = gradient,
            ValueAndGradient = valueAndGradient,
            Pullback = pullback,
            Pushforward = Pushforwards.Array(f),
            Analytic = analytic,
            Points = points,
        };

    [Differentiable(Forward = true)]
    public static float FloatQueries(float[] x) => x.Sum(v => v * x[0]) + x.Select(v => v * v).Average() + x.Max(v => v - x[1]) + x.Zip(x, (u, v) => u * v).Min();

    public static double FloatQueriesD(double[] x) => x.Sum(v => v * x[0]) + x.Select(v => v * v).Average() + x.Max(v => v - x[1]) + x.Zip(x, (u, v) => u * v).Min();

    public static double[] FloatQueriesDAnalytic(double[] x)
    {
        int n = x.Length, iMax = 0, iMin = 0;
        for (int i = 1; i < n; i++)
        {
            if (x[i] > x[iMax]) iMax = i;
            if (x[i] * x[i] < x[iMin] * x[iMin]) iMin = i;
        }

        var g = new double[n];
        for (int i = 0; i < n; i++) g[i] = x[0] + 2 * x[i] / n;
        g[0] += x.Sum();
        g[iMax] += 1;
        g[1] -= 1;
        g[iMin] += 2 * x[iMin];
        return g;
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return new FloatCase
        {
            Name = nameof(FloatQueries),
            Parameters = ["x[0]", "x[1]", "x[2]"],
            Value = p => FloatQueries(p),
            Gradient = p => FloatQueriesGradient(p),
            ValueAndGradient = p => FloatQueriesValueAndGradient(p),
            Pullback = (p, seed, a) => FloatQueriesPullback(p, seed, a),
            Pushforward = (p, t) => FloatQueriesPushforward(p, t),
            Reference = FloatQueriesD,
            Analytic = FloatQueriesDAnalytic,
            Points = [[0.5f, -1.0f, 2.0f], [1.5f, 0.25f, -0.7f]],
        };
    }
}

/// <summary>The values of queries with lambdas are LINQ's, bit for bit: signed zeros, NaNs, empty sequences.</summary>
public class LinqQueryValueTests
{
    public static TheoryData<double[]> Edges() => new()
    {
        new[] { -0.0, -0.0 },
        new[] { -0.0 },
        new[] { 0.0, -0.0 },
        new[] { double.NaN, 1.0, 2.0 },
        new[] { 1.0, double.NaN, -double.NaN, 3.0 },
        new[] { -double.NaN, double.NaN },
        new[] { double.PositiveInfinity, double.NegativeInfinity },
        new[] { 5.0, 5.0 },
    };

    /// <summary>NaNs of several payloads: which one Max or Min returns shows in the bits (an addition of two NaNs may return
    /// either, as the JIT orders its operands, so only selections are compared on these).</summary>
    public static TheoryData<double[]> Payloads() => new()
    {
        new[] { NaN(1), NaN(2) },
        new[] { 1.0, NaN(1), NaN(2) },
        new[] { NaN(2), 1.0, NaN(1), -2.0 },
        new[] { NaN(1), 3.0, 2.0 },
    };

    /// <summary>A NaN with its own payload: which of several NaNs LINQ returns shows in the bits.</summary>
    private static double NaN(long payload) => BitConverter.Int64BitsToDouble(0x7FF8000000000000 | payload);

    private static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);

    [Theory]
    [MemberData(nameof(Edges))]
    public void ValuesAreLinqs(double[] x)
    {
        foreach ((Func<double[], double> f, Func<double[], (double, double[])> vg, FlatPullback<double> pb) in LinqEdges.All)
        {
            long expected = Bits(f(x));
            string name = f.Method.Name;
            Assert.True(expected == Bits(vg(x).Item1), name + ": " + expected.ToString("X") + " by F, " + Bits(vg(x).Item1).ToString("X") + " by FValueAndGradient");
            Assert.True(expected == Bits(pb(x, 1.0, new double[x.Length])), name + ": " + expected.ToString("X") + " by F, " + Bits(pb(x, 1.0, new double[x.Length])).ToString("X") + " by FPullback");
        }
    }

    [Theory]
    [MemberData(nameof(Edges))]
    [MemberData(nameof(Payloads))]
    public void SelectionsAreLinqs(double[] x)
    {
        foreach ((Func<double[], double> f, Func<double[], (double, double[])> vg, FlatPullback<double> pb) in LinqEdges.Selections)
        {
            long expected = Bits(f(x));
            string name = f.Method.Name;
            Assert.True(expected == Bits(vg(x).Item1), name + ": " + expected.ToString("X") + " by F, " + Bits(vg(x).Item1).ToString("X") + " by FValueAndGradient");
            Assert.True(expected == Bits(pb(x, 1.0, new double[x.Length])), name + ": " + expected.ToString("X") + " by F, " + Bits(pb(x, 1.0, new double[x.Length])).ToString("X") + " by FPullback");
        }
    }

    [Fact]
    public void AnEmptySequenceThrowsWhereLinqDoes()
    {
        Assert.Equal(0.0, LinqEdges.SumOf([]));
        Assert.Equal(0.0, LinqEdges.SumOfGradient([]).Length);
        foreach ((Func<double[], double> f, Func<double[], (double, double[])> vg, FlatPullback<double> pb) in LinqEdges.All.Skip(1))
        {
            Assert.Throws<InvalidOperationException>(() => f([]));
            Assert.Throws<InvalidOperationException>(() => vg([]));
            Assert.Throws<InvalidOperationException>(() => pb([], 1.0, []));
        }
    }

    [Fact]
    public void MinStopsAtTheFirstNaNAsLinqDoes()
    {
        // The element after the NaN would throw if the selector ran on it.
        double[] x = [1.0, double.NaN, 7.0];
        Assert.True(double.IsNaN(LinqEdges.MinStops(x)));
        Assert.True(double.IsNaN(LinqEdges.MinStopsValueAndGradient(x).Value));
        Assert.Throws<IndexOutOfRangeException>(() => LinqEdges.MinStops([1.0, 2.0, 7.0]));
        Assert.Throws<IndexOutOfRangeException>(() => LinqEdges.MinStopsGradient([1.0, 2.0, 7.0]));
    }
}

public static partial class LinqEdges
{
    [Differentiable(Forward = true)]
    public static double SumOf(double[] x) => x.Sum(v => v) + x.Select(v => v * 1.0).Sum();

    [Differentiable(Forward = true)]
    public static double AverageOf(double[] x) => x.Average(v => v);

    [Differentiable(Forward = true)]
    public static double SelectAverage(double[] x) => x.Select(v => v).Average();

    [Differentiable(Forward = true)]
    public static double ZipAverage(double[] x) => x.Zip(x, (u, _) => u).Average();

    [Differentiable(Forward = true)]
    public static double MaxOf(double[] x) => x.Max(v => v);

    [Differentiable(Forward = true)]
    public static double MinOf(double[] x) => x.Select(v => v).Min();

    [Differentiable(Forward = true)]
    public static double ArrayAliasAverage(double[] x)
    {
        double[] same = x;
        return same.Average();
    }

    [Differentiable(Forward = true)]
    public static double AliasMin(double[] x)
    {
        double[] same = x;
        return same.Min();
    }

    [Differentiable(Forward = true)]
    public static double AliasMax(double[] x)
    {
        double[] same = x;
        return same.Max();
    }

    // Without a selector, over the array itself.
    [Differentiable(Forward = true)]
    public static double PlainMin(double[] x) => x.Min();

    [Differentiable(Forward = true)]
    public static double PlainMax(double[] x) => x.Max();

    private static readonly double[] Lookup = [1.0, 2.0];

    // Reads Lookup[(int)v - 1]: out of range for 7, which LINQ never reaches after a NaN.
#pragma warning disable GG1001 // the index is a step on purpose
    [Differentiable(Forward = true)]
    public static double MinStops(double[] x) => x.Min(v => double.IsNaN(v) ? v : v * Lookup[(int)v - 1]);
#pragma warning restore GG1001

    public static readonly (Func<double[], double>, Func<double[], (double, double[])>, FlatPullback<double>)[] All =
    [
        (SumOf, p => SumOfValueAndGradient(p), (p, s, a) => SumOfPullback(p, s, a)),
        (AverageOf, p => AverageOfValueAndGradient(p), (p, s, a) => AverageOfPullback(p, s, a)),
        (SelectAverage, p => SelectAverageValueAndGradient(p), (p, s, a) => SelectAveragePullback(p, s, a)),
        (ZipAverage, p => ZipAverageValueAndGradient(p), (p, s, a) => ZipAveragePullback(p, s, a)),
        (MaxOf, p => MaxOfValueAndGradient(p), (p, s, a) => MaxOfPullback(p, s, a)),
        (MinOf, p => MinOfValueAndGradient(p), (p, s, a) => MinOfPullback(p, s, a)),
        (ArrayAliasAverage, p => ArrayAliasAverageValueAndGradient(p), (p, s, a) => ArrayAliasAveragePullback(p, s, a)),
    ];

    public static readonly (Func<double[], double>, Func<double[], (double, double[])>, FlatPullback<double>)[] Selections =
    [
        (MaxOf, p => MaxOfValueAndGradient(p), (p, s, a) => MaxOfPullback(p, s, a)),
        (MinOf, p => MinOfValueAndGradient(p), (p, s, a) => MinOfPullback(p, s, a)),
        (AliasMin, p => AliasMinValueAndGradient(p), (p, s, a) => AliasMinPullback(p, s, a)),
        (AliasMax, p => AliasMaxValueAndGradient(p), (p, s, a) => AliasMaxPullback(p, s, a)),
        (PlainMin, p => PlainMinValueAndGradient(p), (p, s, a) => PlainMinPullback(p, s, a)),
        (PlainMax, p => PlainMaxValueAndGradient(p), (p, s, a) => PlainMaxPullback(p, s, a)),
    ];
}
