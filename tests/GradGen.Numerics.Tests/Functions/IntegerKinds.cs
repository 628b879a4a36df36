using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Counters and data of every C# integer type: uint and ulong loop counters and indices, a byte bound, byte labels,
/// short, ushort, sbyte and char locals; in real arithmetic they convert as ints do, and they are never differentiated.</summary>
public static partial class IntegerKinds
{
    private static readonly byte[] Labels = [1, 2, 0];

    // A uint counter indexing an array and scaling its terms, a ulong counter counting down:
    // f = a Σ_{i<4} (i + 1) x_i + a² Σ_{j=1..3} x_{j-1} / j.
    [Differentiable(Forward = true)]
    public static double UnsignedCounters(double[] x, double a)
    {
        double s = 0;
        for (uint i = 0; i < 4u; i++)
        {
            s += x[i] * (i + 1) * a;
        }

        ulong j = 3;
        while (j > 0)
        {
            s += a * a * x[j - 1] / j;
            j--;
        }

        return s;
    }

    public static (double[], double) UnsignedCountersAnalytic(double[] x, double a)
    {
        var gx = new double[x.Length];
        double ga = 0;
        for (int i = 0; i < 4; i++)
        {
            gx[i] += a * (i + 1);
            ga += (i + 1) * x[i];
        }

        for (int j = 1; j <= 3; j++)
        {
            gx[j - 1] += a * a / j;
            ga += 2 * a * x[j - 1] / j;
        }

        return (gx, ga);
    }

    // A byte bound, byte labels (foreach and an index), short/ushort/sbyte locals updated with compound assignments and
    // ++ (computed in int and converted back), a char incremented and tested, a switch on a char. With k = 2, the labels
    // [1, 2, 0] and mode 'a': f = a (x0 + x1) + 3 a² + 4 a + 7 x1 - 6 a.
    [Differentiable(Forward = true)]
    public static double SmallIntegers(double a, double[] x, byte k, byte[] labels, char mode)
    {
        double s = 0;
        for (int i = 0; i < k; i++)
        {
            s += x[i] * a;
        }

        short h = -2;
        h += 5;
        h++;
        ushort us = 10;
        us -= 3;
        sbyte sb = 3;
        sb *= -2;
        foreach (byte c in labels)
        {
            s += c * a * a;
        }

        char m = mode;
        m++;
        if (m == 'b')
        {
            s += h * a;
        }

        switch (mode)
        {
            case 'a':
                s += us * x[labels[0]];
                break;
            default:
                s -= sb * a;
                break;
        }

        return s + sb * a;
    }

    public static (double, double[]) SmallIntegersAnalytic(double a, double[] x) => (x[0] + x[1] + 6 * a + 4 - 6, [a, a + 7, 0]);

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(UnsignedCounters),
            Parameters = ["x[0]", "x[1]", "x[2]", "x[3]", "a"],
            Value = p => UnsignedCounters(p[..4], p[4]),
            Pushforward = (p, t) => UnsignedCountersPushforward(p[..4], p[4], t[..4], t[4]),
            Gradient = p => { var (gx, ga) = UnsignedCountersGradient(p[..4], p[4]); return [.. gx, ga]; },
            ValueAndGradient = p => { var (value, (gx, ga)) = UnsignedCountersValueAndGradient(p[..4], p[4]); return (value, [.. gx, ga]); },
            Pullback = (p, seed, adj) =>
            {
                double aa = adj[4];
                double value = UnsignedCountersPullback(p[..4], p[4], seed, adj.AsSpan(0, 4), ref aa);
                adj[4] = aa;
                return value;
            },
            Analytic = p => { var (gx, ga) = UnsignedCountersAnalytic(p[..4], p[4]); return [.. gx, ga]; },
            Points = [[0.5, -1.0, 2.0, 0.1, 1.2], [1.5, 0.25, -0.7, -0.3, -0.8]],
        };
        yield return new DoubleCase
        {
            Name = nameof(SmallIntegers),
            Parameters = ["a", "x[0]", "x[1]", "x[2]"],
            Value = p => SmallIntegers(p[0], p[1..], 2, Labels, 'a'),
            Pushforward = (p, t) => SmallIntegersPushforward(p[0], p[1..], 2, Labels, 'a', t[0], t[1..]),
            Gradient = p => { var (ga, gx) = SmallIntegersGradient(p[0], p[1..], 2, Labels, 'a'); return [ga, .. gx]; },
            ValueAndGradient = p => { var (value, (ga, gx)) = SmallIntegersValueAndGradient(p[0], p[1..], 2, Labels, 'a'); return (value, [ga, .. gx]); },
            Pullback = (p, seed, adj) =>
            {
                double aa = adj[0];
                double value = SmallIntegersPullback(p[0], p[1..], 2, Labels, 'a', seed, ref aa, adj.AsSpan(1));
                adj[0] = aa;
                return value;
            },
            Analytic = p => { var (ga, gx) = SmallIntegersAnalytic(p[0], p[1..]); return [ga, .. gx]; },
            Points = [[0.5, -1.0, 2.0, 0.1], [1.5, 0.25, -0.7, -0.3]],
        };
    }
}
