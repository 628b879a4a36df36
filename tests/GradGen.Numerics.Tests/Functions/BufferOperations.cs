using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Array.Copy, CopyTo, Fill and Clear into local buffers: element loops, so the derivative flows back through the copies.</summary>
public static partial class BufferOperations
{
    private static readonly double[] Data = [0.5, -1.5, 2.0, 0.75, -0.25];

    [Differentiable(Forward = true)]
    public static double Copies(double[] x, [NoDerivative] double[] data)
    {
        int n = x.Length;
        var a = new double[n];
        Array.Copy(x, a, n);                       // a = x
        var b = new double[n + 1];
        x.CopyTo(b, 1);                            // b = [0, x...]
        Span<double> c = stackalloc double[n];
        x.AsSpan().CopyTo(c);                      // c = x
        data.AsSpan(0, 2).CopyTo(c.Slice(1));      // c[1..3) = data[0..2)
        var d = new double[n];
        Array.Copy(x, 1, d, 0, n - 1);             // d = x shifted left, d[n-1] = 0
        Array.Copy(d, 0, d, 1, n - 1);             // shifted right in place: d = [x1, x1, x2, ..., x_{n-1}]
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i + 1] + c[i] * x[i] + d[i] * d[i];
        return s;
    }

    public static double[] CopiesAnalytic(double[] x, double[] data)
    {
        int n = x.Length;
        var g = new double[n];
        for (int i = 0; i < n; i++) g[i] += 2 * x[i];   // a[i] * b[i + 1] = x_i^2
        var c = (double[])x.Clone();
        c[1] = data[0];
        c[2] = data[1];
        for (int i = 0; i < n; i++) g[i] += c[i] + (i is 1 or 2 ? 0 : x[i]);
        // d = [x1, x1, x2, ..., x_{n-1}]: d[0]^2 + d[1]^2 = 2 x1^2, then x_k^2 for k in 2..n-1.
        g[1] += 4 * x[1];
        for (int k = 2; k <= n - 1; k++) g[k] += 2 * x[k];
        return g;
    }

    [Differentiable(Forward = true)]
    public static double Fills(double[] x)
    {
        var a = new double[x.Length];
        Array.Fill(a, x[0] * x[1]);
        Array.Fill(a, Math.Sin(x[2]), 1, 2);
        var b = new double[3];
        b.AsSpan().Fill(x[3]);
        Span<double> c = stackalloc double[3];
        c.Fill(2.0);
        c.Slice(1).Clear();
        b.AsSpan(0, 1).Clear();
        Array.Clear(a, 3, 1);
        double s = c[0] * x[0];
        for (int i = 0; i < a.Length; i++) s += a[i] * (i + 1);
        foreach (double v in b) s += v * v;
        Array.Clear(b);
        return s + b[2];
    }

    public static double[] FillsAnalytic(double[] x)
    {
        var g = new double[x.Length];
        // a = [x0 x1, sin x2, sin x2, 0, x0 x1, ...] weighted by i + 1; b = [0, x3, x3]; c = [2, 0, 0].
        g[0] += 2;
        for (int i = 0; i < x.Length; i++)
        {
            if (i is 1 or 2)
            {
                g[2] += Math.Cos(x[2]) * (i + 1);
            }
            else if (i != 3)
            {
                g[0] += x[1] * (i + 1);
                g[1] += x[0] * (i + 1);
            }
        }

        g[3] += 4 * x[3];
        return g;
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return LinqQueries.Arrays1(nameof(Copies), p => Copies(p, Data), p => CopiesGradient(p, Data), p => CopiesValueAndGradient(p, Data),
            (p, s, a) => CopiesPullback(p, Data, s, a), p => CopiesAnalytic(p, Data), [0.5, -1.0, 2.0, 1.5, 0.25], [1.5, 0.25, -0.7, 0.3, -1.0]) with { Pushforward = (p, t) => CopiesPushforward(p, Data, t) };
        yield return LinqQueries.Arrays1(nameof(Fills), Fills, FillsGradient, FillsValueAndGradient, (p, s, a) => FillsPullback(p, s, a), FillsAnalytic,
            [0.5, -1.0, 2.0, 1.5, 0.25], [1.5, 0.25, -0.7, 0.3, -1.0]);
    }
}

/// <summary>Bad indices and lengths throw what the library throws, from every generated member.</summary>
public class BufferOperationBoundsTests
{
    private static void ThrowsEverywhere<T>(double[] x, int a, int b) where T : Exception
    {
        Exception user = Record.Exception(() => BufferBounds.Copy(x, a, b))!;
        Assert.IsType<T>(user);
        Assert.IsType<T>(Record.Exception(() => BufferBounds.CopyGradient(x, a, b)));
        Assert.IsType<T>(Record.Exception(() => BufferBounds.CopyValueAndGradient(x, a, b)));
        Assert.IsType<T>(Record.Exception(() => BufferBounds.CopyPullback(x, a, b, 1.0, new double[x.Length])));
        if (user is ArgumentException argument)
        {
            Assert.Equal(argument.ParamName, ((ArgumentException)Record.Exception(() => BufferBounds.CopyGradient(x, a, b))!).ParamName);
        }
    }

    [Fact]
    public void CopyChecksAsArrayCopyDoes()
    {
        double[] x = [1.0, 2.0, 3.0];
        ThrowsEverywhere<ArgumentOutOfRangeException>(x, -1, 1);   // source index
        ThrowsEverywhere<ArgumentException>(x, 2, 2);              // source too short
        ThrowsEverywhere<ArgumentOutOfRangeException>(x, 0, -1);   // length
        ThrowsEverywhere<ArgumentException>(x, 0, 3);              // destination too short (it holds 2 from index 1)
        Assert.Equal(BufferBounds.Copy(x, 1, 2), BufferBounds.CopyValueAndGradient(x, 1, 2).Value);
    }

    [Fact]
    public void FillClearAndCopyToCheckAsTheLibraryDoes()
    {
        double[] x = [1.0, 2.0, 3.0];
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferBounds.FillPart(x, 4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferBounds.FillPartGradient(x, 4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferBounds.FillPartGradient(x, 1, 3));
        Assert.Throws<IndexOutOfRangeException>(() => BufferBounds.ClearPart(x, 2, 2));
        Assert.Throws<IndexOutOfRangeException>(() => BufferBounds.ClearPartGradient(x, 2, 2));
        Assert.Throws<IndexOutOfRangeException>(() => BufferBounds.ClearPartGradient(x, -1, 1));
        Assert.Throws<ArgumentException>(() => BufferBounds.TooShort([1.0, 2.0, 3.0, 4.0]));
        Assert.Throws<ArgumentException>(() => BufferBounds.TooShortGradient([1.0, 2.0, 3.0, 4.0]));
        Assert.Equal([2.0, 4.0, 6.0], BufferBounds.TooShortGradient(x));
    }
}

public static partial class BufferBounds
{
    [Differentiable(Forward = true)]
    public static double Copy(double[] x, int start, int length)
    {
        var b = new double[3];
        Array.Copy(x, start, b, 1, length);
        return b[1] * b[1] + b[2];
    }

    [Differentiable(Forward = true)]
    public static double FillPart(double[] x, int start, int count)
    {
        var b = new double[3];
        Array.Fill(b, x[0], start, count);
        return b.Sum() * x[1];
    }

    [Differentiable(Forward = true)]
    public static double ClearPart(double[] x, int start, int count)
    {
        var b = new double[3];
        x.CopyTo(b, 0);
        Array.Clear(b, start, count);
        return b.Sum(v => v * v);
    }

    [Differentiable(Forward = true)]
    public static double TooShort(double[] x)
    {
        Span<double> b = stackalloc double[3];
        x.CopyTo(b);
        return b[0] * b[0] + b[1] * b[1] + b[2] * b[2];
    }
}
