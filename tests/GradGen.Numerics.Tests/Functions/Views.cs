using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Views of arrays and spans (AsSpan, Slice, ranges, aliases): each read is a read of the viewed array's element.</summary>
public static partial class Views
{
    private static readonly double[] Inputs = [0.5, -1.0, 2.0, 1.5, 0.25, -0.7, 0.3, 1.1, -0.4];
    private static readonly double[] Targets = [1.0, 0.5, -0.5, 0.25, 2.0, -1.0];

    [Differentiable(Forward = true)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    // Corpus 30's shape: a view of data per sample passed to a [Differentiable] method, views of the weights read in loops.
    [Differentiable(Forward = true)]
    public static double Cosine(double[] w, [NoDerivative] double[] inputs, [NoDerivative] double[] targets, int dIn, int dOut)
    {
        int n = inputs.Length / dIn;
        var e = new double[dOut];
        double loss = 0;
        for (int s = 0; s < n; s++)
        {
            ReadOnlySpan<double> x = inputs.AsSpan(s * dIn, dIn);
            for (int i = 0; i < dOut; i++)
            {
                ReadOnlySpan<double> row = w.AsSpan(i * dIn, dIn);
                double acc = 0;
                for (int j = 0; j < row.Length; j++) acc += row[j] * x[j];
                e[i] = acc;
            }

            ReadOnlySpan<double> t = targets.AsSpan(s * dOut, dOut);
            double cos = Dot(e, t) / (Math.Sqrt(Dot(e, e)) * Math.Sqrt(Dot(t, t)));
            loss += 1 - cos;
        }

        return loss / n;
    }

    public static double[] CosineAnalytic(double[] w, double[] inputs, double[] targets, int dIn, int dOut)
    {
        int n = inputs.Length / dIn;
        var g = new double[w.Length];
        for (int s = 0; s < n; s++)
        {
            var e = new double[dOut];
            for (int i = 0; i < dOut; i++) for (int j = 0; j < dIn; j++) e[i] += w[i * dIn + j] * inputs[s * dIn + j];
            double et = 0, ee = 0, tt = 0;
            for (int i = 0; i < dOut; i++)
            {
                et += e[i] * targets[s * dOut + i];
                ee += e[i] * e[i];
                tt += targets[s * dOut + i] * targets[s * dOut + i];
            }

            double ne = Math.Sqrt(ee), nt = Math.Sqrt(tt);
            for (int i = 0; i < dOut; i++)
            {
                double dcos = targets[s * dOut + i] / (ne * nt) - et * e[i] / (ne * ne * ne * nt);
                for (int j = 0; j < dIn; j++) g[i * dIn + j] -= dcos * inputs[s * dIn + j] / n;
            }
        }

        return g;
    }

    // Slices of slices, ranges from the end, a whole-array alias, foreach over a view, a view of a local buffer written through.
    [Differentiable(Forward = true)]
    public static double Slices(double[] x)
    {
        var all = x.AsSpan();
        ReadOnlySpan<double> middle = all.Slice(1, x.Length - 2);
        ReadOnlySpan<double> inner = middle[1..^1];
        double s = 0;
        for (int j = 0; j < inner.Length; j++) s += inner[j] * inner[j];
        foreach (double v in x.AsSpan(2)) s += Math.Sin(v);
        double[] same = x;
        ReadOnlySpan<double> whole = x;
        var buffer = new double[4];
        Span<double> window = buffer.AsSpan(1, 2);
        window[0] = x[0] * x[1];
        window[1] = middle[0] * 3;
        int k = x.Length - 4;
        return s + same[0] * whole[x.Length - 1] + buffer.Sum() * buffer[1] + inner[k - 1] + x[1..3].Sum(v => v * v);
    }

    public static double[] SlicesAnalytic(double[] x)
    {
        int n = x.Length;
        var g = new double[n];
        for (int i = 2; i < n - 2; i++) g[i] += 2 * x[i];
        for (int i = 2; i < n; i++) g[i] += Math.Cos(x[i]);
        g[0] += x[n - 1];
        g[n - 1] += x[0];
        // buffer = [0, x0 x1, 3 x1, 0]: buffer.Sum() * buffer[1] = (x0 x1 + 3 x1) x0 x1
        double b1 = x[0] * x[1], sum = b1 + 3 * x[1];
        g[0] += x[1] * b1 + sum * x[1];
        g[1] += (x[0] + 3) * b1 + sum * x[0];
        g[n - 3] += 1; // inner[k - 1] = x[2 + n - 4]
        g[1] += 2 * x[1];
        g[2] += 2 * x[2];
        return g;
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return LinqQueries.Arrays1(nameof(Cosine), p => Cosine(p, Inputs, Targets, 3, 2), p => CosineGradient(p, Inputs, Targets, 3, 2),
            p => CosineValueAndGradient(p, Inputs, Targets, 3, 2), (p, s, a) => CosinePullback(p, Inputs, Targets, 3, 2, s, a),
            p => CosineAnalytic(p, Inputs, Targets, 3, 2), [0.5, -0.2, 0.3, 0.1, 0.6, -0.4], [1.5, 0.25, -0.7, 0.3, -1.0, 0.8]) with { Pushforward = (p, t) => CosinePushforward(p, Inputs, Targets, 3, 2, t) };
        yield return LinqQueries.Arrays1(nameof(Slices), Slices, SlicesGradient, SlicesValueAndGradient, (p, s, a) => SlicesPullback(p, s, a), SlicesAnalytic,
            [0.5, -1.0, 2.0, 1.5, 0.25, -0.7], [1.5, 0.25, -0.7, 0.3, -1.0, 0.8]);
    }
}

/// <summary>A view checks its bounds as the span does: where the user's method throws, every generated member throws the same.</summary>
public class ViewBoundsTests
{
    [Fact]
    public void ABadOffsetOrLengthThrowsArgumentOutOfRange()
    {
        double[] x = [1.0, 2.0, 3.0];
        foreach ((int start, int length) in new[] { (-1, 1), (2, 2), (0, -1), (4, 0) })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ViewBounds.Part(x, start, length));
            Assert.Throws<ArgumentOutOfRangeException>(() => ViewBounds.PartGradient(x, start, length));
            Assert.Throws<ArgumentOutOfRangeException>(() => ViewBounds.PartPullback(x, start, length, 1.0, new double[3]));
        }

        Assert.Equal(ViewBounds.Part(x, 1, 2), ViewBounds.PartValueAndGradient(x, 1, 2).Value);
    }

    [Fact]
    public void AnIndexOutsideTheViewThrowsIndexOutOfRange()
    {
        double[] x = [1.0, 2.0, 3.0, 4.0];
        // x.AsSpan(1, 2)[2] would be x[3] in the array, but it is outside the view.
        Assert.Throws<IndexOutOfRangeException>(() => ViewBounds.Read(x, 2));
        Assert.Throws<IndexOutOfRangeException>(() => ViewBounds.ReadGradient(x, 2));
        Assert.Throws<IndexOutOfRangeException>(() => ViewBounds.ReadGradient(x, -1));
        Assert.Throws<IndexOutOfRangeException>(() => ViewBounds.ReadPullback(x, 2, 1.0, new double[4]));
        Assert.Equal([0.0, 0.0, 2 * x[2], 0.0], ViewBounds.ReadGradient(x, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ViewBounds.Range(x, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ViewBounds.RangeGradient(x, 4));
        Assert.Equal(ViewBounds.Range(x, 1), ViewBounds.RangeValueAndGradient(x, 1).Value);
    }
}

public static partial class ViewBounds
{
    [Differentiable(Forward = true)]
    public static double Part(double[] x, int start, int length)
    {
        ReadOnlySpan<double> part = x.AsSpan(start, length);
        double s = 0;
        foreach (double v in part) s += v * v;
        return s;
    }

    [Differentiable(Forward = true)]
    public static double Read(double[] x, int j)
    {
        ReadOnlySpan<double> part = x.AsSpan(1, 2);
        return part[j] * part[j];
    }

    [Differentiable(Forward = true)]
    public static double Range(double[] x, int k)
    {
        ReadOnlySpan<double> tail = x.AsSpan()[k..^1];
        return tail.Length > 0 ? tail[0] * x[0] : x[0];
    }
}
