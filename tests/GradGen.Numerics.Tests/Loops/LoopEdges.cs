using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// Less common loop shapes, each a way to get the reverse sweep wrong: foreach over a local buffer, a return from a
/// foreach, a break out of the inner loop only, continue in do/while, for(;;) and while(true), strides other than 1,
/// two loop variables, a counter or bound changed in the body or after the loop, a loop variable read after the loop,
/// a condition on a buffer element being overwritten, gathers and scatters through int indices (with duplicates), an
/// in-place bubble sort, compound assignments to buffer elements, a Span passed to callees in a loop, mixed precision.
/// </summary>
/// <remarks>
/// Many hand-written gradients here are forward mode (the gradient of every running value carried through the same
/// control flow): independent of the generator's reverse mode. Points stay away from branch boundaries, as stated at
/// each case.
/// </remarks>
public static partial class LoopEdges
{
#pragma warning disable GG1002 // On purpose, in this whole region: loops and branches controlled by active values.

    // foreach over a stackalloc local.
    [Differentiable(Forward = true)]
    public static double ForeachLocal(ReadOnlySpan<double> x)
    {
        Span<double> squares = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] = x[i] * x[i];
        }

        double s = 0;
        foreach (double v in squares)
        {
            s += Math.Sin(v);
        }

        return s;
    }

    public static double[] ForeachLocalAnalytic(double[] x) => x.Select(v => 2 * v * Math.Cos(v * v)).ToArray();

    // A return from inside a foreach, on an active running product.
    [Differentiable(Forward = true)]
    public static double ReturnInForeach(double[] x)
    {
        double s = 1;
        foreach (double v in x)
        {
            s *= v;
            if (s < -1)
            {
                return s * 2;
            }
        }

        return s;
    }

    private static double ProductExcept(double[] x, int count, int skip)
    {
        double p = 1;
        for (int m = 0; m < count; m++)
        {
            if (m != skip)
            {
                p *= x[m];
            }
        }

        return p;
    }

    public static double[] ReturnInForeachAnalytic(double[] x)
    {
        double s = 1;
        for (int k = 0; k < x.Length; k++)
        {
            s *= x[k];
            if (s < -1)
            {
                int count = k + 1;
                return x.Select((_, j) => j < count ? 2 * ProductExcept(x, count, j) : 0).ToArray();
            }
        }

        return x.Select((_, j) => ProductExcept(x, x.Length, j)).ToArray();
    }

    // break out of the inner loop only (on an index condition or an active sum).
    [Differentiable(Forward = true)]
    public static double InnerBreak(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                if (j > i)
                {
                    break;
                }

                s += x[i] * x[j];
                if (s > 3)
                {
                    break;
                }
            }
        }

        return s;
    }

    public static double[] InnerBreakAnalytic(double[] x)
    {
        double s = 0;
        double[] g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                s += x[i] * x[j];
                g[i] += x[j];
                g[j] += x[i];
                if (s > 3)
                {
                    break;
                }
            }
        }

        return g;
    }

    // continue inside do/while (it jumps to the condition).
    [Differentiable(Forward = true)]
    public static double ContinueInDoWhile(double[] x)
    {
        int i = -1;
        double s = 0;
        do
        {
            i++;
            if (x[i] < 0)
            {
                continue;
            }

            s = s * 0.5 + x[i] * x[i];
        }
        while (i < x.Length - 1);

        return s;
    }

    public static double[] ContinueInDoWhileAnalytic(double[] x)
    {
        double[] g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                continue;
            }

            for (int j = 0; j < x.Length; j++)
            {
                g[j] *= 0.5;
            }

            g[i] += 2 * x[i];
        }

        return g;
    }

    // A matrix-vector product accumulated into a local buffer (y[i] += ...), then read.
    [Differentiable(Forward = true)]
    public static double MatrixVector(double[] a, double[] x)
    {
        int n = x.Length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                y[i] += a[i * n + j] * x[j];
            }
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += Math.Tanh(y[i]);
        }

        return s;
    }

    public static (double[], double[]) MatrixVectorAnalytic(double[] a, double[] x)
    {
        int n = x.Length;
        double[] da = new double[n * n], dx = new double[n];
        for (int i = 0; i < n; i++)
        {
            double y = 0;
            for (int j = 0; j < n; j++)
            {
                y += a[i * n + j] * x[j];
            }

            double dy = 1 - Math.Tanh(y) * Math.Tanh(y);
            for (int j = 0; j < n; j++)
            {
                da[i * n + j] = dy * x[j];
                dx[j] += dy * a[i * n + j];
            }
        }

        return (da, dx);
    }

    // Strides other than 1: i += 2, then i *= 2 (1, 2, 4, 8).
    [Differentiable(Forward = true)]
    public static double Strides(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i += 2)
        {
            s += Math.Sin(x[i]) * s + x[i];
        }

        for (int i = 1; i < x.Length; i *= 2)
        {
            s = s * x[i];
        }

        return s;
    }

    public static double[] StridesAnalytic(double[] x)
    {
        double s = 0;
        double[] ds = new double[x.Length];
        for (int i = 0; i < x.Length; i += 2)
        {
            double factor = 1 + Math.Sin(x[i]);
            for (int j = 0; j < x.Length; j++)
            {
                ds[j] *= factor;
            }

            ds[i] += s * Math.Cos(x[i]) + 1;
            s = s * factor + x[i];
        }

        for (int i = 1; i < x.Length; i *= 2)
        {
            for (int j = 0; j < x.Length; j++)
            {
                ds[j] *= x[i];
            }

            ds[i] += s;
            s *= x[i];
        }

        return ds;
    }

    // Two loop variables moving towards each other.
    [Differentiable(Forward = true)]
    public static double TwoIndices(double[] x)
    {
        double s = 0;
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            s = s * x[i] + x[j];
        }

        return s;
    }

    public static double[] TwoIndicesAnalytic(double[] x)
    {
        double s = 0;
        double[] ds = new double[x.Length];
        for (int i = 0, j = x.Length - 1; i < j; i++, j--)
        {
            for (int k = 0; k < x.Length; k++)
            {
                ds[k] *= x[i];
            }

            ds[i] += s;
            ds[j] += 1;
            s = s * x[i] + x[j];
        }

        return ds;
    }

    // A running max with Math.Max (the gradient goes to the largest x_i^2).
    [Differentiable(Forward = true)]
    public static double RunningMax(double[] x)
    {
        double max = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            max = Math.Max(max, x[i] * x[i]);
        }

        return max;
    }

    public static double[] RunningMaxAnalytic(double[] x)
    {
        int k = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] * x[i] > x[k] * x[k])
            {
                k = i;
            }
        }

        double[] g = new double[x.Length];
        g[k] = 2 * x[k];
        return g;
    }

    // A gather through int indices with duplicates: the adjoints of a repeated w[k] must add up.
    [Differentiable(Forward = true)]
    public static double Gather(double[] w, [NoDerivative] double[] v, int[] index)
    {
        double s = 0;
        for (int i = 0; i < index.Length; i++)
        {
            s += w[index[i]] * v[i] * w[index[i]];
        }

        return s;
    }

    public static double[] GatherAnalytic(double[] w, double[] v, int[] index)
    {
        double[] g = new double[w.Length];
        for (int i = 0; i < index.Length; i++)
        {
            g[index[i]] += 2 * w[index[i]] * v[i];
        }

        return g;
    }

    // A scatter into a local histogram through int indices (several x_i in one bin), then read.
    [Differentiable(Forward = true)]
    public static double Scatter(double[] x, int[] index, int bins)
    {
        double[] histogram = new double[bins];
        for (int i = 0; i < x.Length; i++)
        {
            histogram[index[i]] += x[i];
        }

        double s = 0;
        for (int k = 0; k < bins; k++)
        {
            s += histogram[k] * histogram[k] * (k + 1);
        }

        return s;
    }

    public static double[] ScatterAnalytic(double[] x, int[] index, int bins)
    {
        double[] histogram = new double[bins];
        for (int i = 0; i < x.Length; i++)
        {
            histogram[index[i]] += x[i];
        }

        return x.Select((_, i) => 2 * histogram[index[i]] * (index[i] + 1)).ToArray();
    }

    // A bubble sort of a stackalloc copy: swaps on comparisons of active values, elements overwritten many times.
    [Differentiable(Forward = true)]
    public static double SortedWeights(ReadOnlySpan<double> x)
    {
        int n = x.Length;
        Span<double> sorted = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            sorted[i] = x[i];
        }

        for (int pass = 0; pass < n - 1; pass++)
        {
            for (int j = 0; j < n - 1 - pass; j++)
            {
                if (sorted[j] > sorted[j + 1])
                {
                    double t = sorted[j];
                    sorted[j] = sorted[j + 1];
                    sorted[j + 1] = t;
                }
            }
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += sorted[i] * sorted[i] * (i + 1);
        }

        return s;
    }

    // sum over ranks r (ascending) of (r + 1) x_(r)^2: d/dx_i = 2 (rank(i) + 1) x_i.
    public static double[] SortedWeightsAnalytic(double[] x) =>
        x.Select(v => 2 * (x.Count(u => u < v) + 1) * v).ToArray();

    // for (;;) with break, then while (true) with return.
    [Differentiable(Forward = true)]
    public static double Forever(double x)
    {
        double y = x;
        for (;;)
        {
            y = Math.Sqrt(y) + 0.1 * y;
            if (y < 2)
            {
                break;
            }
        }

        while (true)
        {
            y = y * 1.5;
            if (y > 2)
            {
                return y * x;
            }
        }
    }

    public static double ForeverAnalytic(double x)
    {
        double y = x, dy = 1;
        do
        {
            dy *= 0.5 / Math.Sqrt(y) + 0.1;
            y = Math.Sqrt(y) + 0.1 * y;
        }
        while (y >= 2);

        do
        {
            dy *= 1.5;
            y *= 1.5;
        }
        while (y <= 2);

        return dy * x + y;
    }

    // A Span passed to callees taking ReadOnlySpan, inside a loop.
    [Differentiable(Forward = true)]
    public static double SpanToCallee(Span<double> x, double t, [NoDerivative] double[] a)
    {
        double s = 0;
        for (int k = 0; k < 2; k++)
        {
            s += LoopModels.RosenbrockN(x) * t + LoopModels.QuadraticForm(x, a);
        }

        return s;
    }

    public static (double[], double) SpanToCalleeAnalytic(double[] x, double t, double[] a)
    {
        double[] rosenbrock = LoopModels.RosenbrockNAnalytic(x);
        (double[] quadratic, double[] _) = LoopModels.QuadraticFormAnalytic(x, a);
        return (x.Select((_, i) => 2 * (t * rosenbrock[i] + quadratic[i])).ToArray(), 2 * LoopModels.RosenbrockN(x));
    }

    // An inner while loop whose trip count depends on the active x_i (steps of 0.5 up to x_i).
    [Differentiable(Forward = true)]
    public static double InnerWhileOnActive(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = 0;
            while (t < x[i])
            {
                t += 0.5;
                s += Math.Sin(t * x[i]);
            }
        }

        return s;
    }

    public static double[] InnerWhileOnActiveAnalytic(double[] x) => x.Select(v =>
    {
        double g = 0;
        for (double t = 0.5; t - 0.5 < v; t += 0.5)
        {
            g += t * Math.Cos(t * v);
        }

        return g;
    }).ToArray();

    // *=, += and ++ on the elements of a local buffer.
    [Differentiable(Forward = true)]
    public static double CompoundOnElements(double[] x)
    {
        double[] buf = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            buf[i] = x[i];
            buf[i] *= buf[i];
            buf[i] += x[i];
            buf[i]++;
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += buf[i] * buf[i];
        }

        return s;
    }

    public static double[] CompoundOnElementsAnalytic(double[] x) =>
        x.Select(v => 2 * (v * v + v + 1) * (2 * v + 1)).ToArray();

    // A scalar parameter overwritten in a while loop with an early return.
    [Differentiable(Forward = true)]
    public static double ParameterOverwritten(double x, int n)
    {
        while (n > 0)
        {
            x = x * x - 0.5;
            if (x > 10)
            {
                return x;
            }

            n--;
        }

        return -x;
    }

    public static double ParameterOverwrittenAnalytic(double x, int n)
    {
        double d = 1;
        for (; n > 0; n--)
        {
            d *= 2 * x;
            x = x * x - 0.5;
            if (x > 10)
            {
                return d;
            }
        }

        return -d;
    }

    // The loop counter changed in the body: an element is skipped after every x_i > 1.
    [Differentiable(Forward = true)]
    public static double CounterModified(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s = s * x[i] + 1;
            if (x[i] > 1)
            {
                i++;
            }
        }

        return s;
    }

    // The bound changed in the body: the loop ends one element earlier after every x_i > 1.
    [Differentiable(Forward = true)]
    public static double BoundModified(double[] x)
    {
        double s = 0;
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            s = s * x[i] + 1;
            if (x[i] > 1)
            {
                n--;
            }
        }

        return s;
    }

    // The bound changed after the loop (a reverse loop that re-reads it would run once).
    [Differentiable(Forward = true)]
    public static double BoundChangedAfter(double[] x)
    {
        double s = 0;
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            s = s * x[i] + 1;
        }

        n = 1;
        return s * n;
    }

    // An active condition in a for loop's condition, next to the counting one.
    [Differentiable(Forward = true)]
    public static double ActiveExitInFor(double[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length && s < 5; i++)
        {
            s = s * x[i] + 1;
        }

        return s;
    }

    // The loop variable, declared outside, read after the loop (after a break or the last trip).
    [Differentiable(Forward = true)]
    public static double LoopVariableAfter(double[] x)
    {
        double s = 0;
        int i;
        for (i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                break;
            }

            s = s * x[i] + 1;
        }

        return s * x[i - 1];
    }

    /// <summary>
    /// Forward mode for the loops above that all update s = s x_i + 1 on the elements they visit, in order:
    /// returns s and its gradient.
    /// </summary>
    private static (double S, double[] Gradient) Visit(double[] x, IEnumerable<int> visited)
    {
        double s = 0;
        double[] ds = new double[x.Length];
        foreach (int i in visited)
        {
            for (int j = 0; j < x.Length; j++)
            {
                ds[j] *= x[i];
            }

            ds[i] += s;
            s = s * x[i] + 1;
        }

        return (s, ds);
    }

    private static IEnumerable<int> CounterModifiedVisits(double[] x)
    {
        for (int i = 0; i < x.Length; i += x[i] > 1 ? 2 : 1)
        {
            yield return i;
        }
    }

    public static double[] CounterModifiedAnalytic(double[] x) => Visit(x, CounterModifiedVisits(x)).Gradient;

    private static IEnumerable<int> BoundModifiedVisits(double[] x)
    {
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            yield return i;
            n -= x[i] > 1 ? 1 : 0;
        }
    }

    public static double[] BoundModifiedAnalytic(double[] x) => Visit(x, BoundModifiedVisits(x)).Gradient;

    public static double[] BoundChangedAfterAnalytic(double[] x) => Visit(x, Enumerable.Range(0, x.Length)).Gradient;

    public static double[] ActiveExitInForAnalytic(double[] x)
    {
        // Visit while s < 5, checking s before each element.
        int count = 0;
        while (count < x.Length && Visit(x, Enumerable.Range(0, count)).S < 5)
        {
            count++;
        }

        return Visit(x, Enumerable.Range(0, count)).Gradient;
    }

    public static double[] LoopVariableAfterAnalytic(double[] x)
    {
        int end = 0;
        while (end < x.Length && x[end] >= 0)
        {
            end++;
        }

        (double s, double[] ds) = Visit(x, Enumerable.Range(0, end));
        double[] g = ds.Select(d => d * x[end - 1]).ToArray();
        g[end - 1] += s;
        return g;
    }

    // A while condition on a buffer element that the body overwrites; the index wraps around.
    [Differentiable(Forward = true)]
    public static double BufferCondition(double[] x)
    {
        double[] buf = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            buf[k] = x[k];
        }

        double s = 0;
        int j = 0;
        while (buf[j] > 0.1)
        {
            buf[j] = buf[j] * 0.5 + 0.01 * buf[j] * buf[j];
            s += buf[j] * buf[(j + 1) % x.Length];
            j = (j + 1) % x.Length;
        }

        return s;
    }

    // Forward mode: the Jacobian of the buffer and the gradient of s, carried along.
    public static double[] BufferConditionAnalytic(double[] x)
    {
        int n = x.Length;
        double[] buf = (double[])x.Clone();
        double[][] jacobian = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? 1.0 : 0.0).ToArray()).ToArray();
        double[] ds = new double[n];
        int at = 0;
        while (buf[at] > 0.1)
        {
            double b = buf[at];
            jacobian[at] = jacobian[at].Select(d => (0.5 + 0.02 * b) * d).ToArray();
            buf[at] = b * 0.5 + 0.01 * b * b;
            int next = (at + 1) % n;
            for (int k = 0; k < n; k++)
            {
                ds[k] += jacobian[at][k] * buf[next] + buf[at] * jacobian[next][k];
            }

            at = next;
        }

        return ds;
    }

#pragma warning restore GG1002

    // A float[] parameter and a double result: the adjoint is a Span<float>.
    [Differentiable(Forward = true)]
    public static double MixedPrecision(float[] x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * (double)x[i] + Math.Sin(x[i]);
        }

        return s;
    }

    public static double MixedPrecisionReference(double[] x) => x.Sum(v => v * v + Math.Sin(v));

    public static double[] MixedPrecisionAnalytic(double[] x) => x.Select(v => 2 * v + Math.Cos(v)).ToArray();

    // Horner's rule in float: a float tape.
    [Differentiable(Forward = true)]
    public static float HornerF(float[] c, float x)
    {
        float acc = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            acc = acc * x + c[i];
        }

        return acc;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cases.

    internal static readonly double[] GatherV = [0.5, 1.0, -1.0, 2.0, 0.3, 0.7];
    internal static readonly int[] GatherIndex = [0, 2, 0, 1, 2, 0];
    internal static readonly int[] ScatterIndex = [0, 2, 0, 1, 2, 0];
    internal const int ScatterBins = 3;
    internal static readonly double[] SpanToCalleeA = [1.0, 0, 0.5, 0, 2, 0, -0.25, 0, 3];
    internal const int ParameterOverwrittenCount = 5;

    // A long loop counter indexing an array parameter (the adjoint span is indexed with an int).
    [Differentiable(Forward = true)]
    public static double LongCounter(double[] x)
    {
        double s = 0;
        for (long i = 0; i < x.Length; i++)
        {
            s += x[i] * x[i] * i;
        }

        return s;
    }

    public static double[] LongCounterAnalytic(double[] x) => x.Select((v, i) => 2.0 * i * v).ToArray();

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return LoopCase.Vector(nameof(LongCounter), LongCounter, LongCounterGradient, p => LongCounterValueAndGradient(p),
            (p, seed, a) => LongCounterPullback(p, seed, a), LongCounterAnalytic,
            [0.5, -1.2, 0.9, 1.1], [1.5, 0.1, -2.0, 0.6]) with { Pushforward = (p, tangent) => LongCounterPushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(ForeachLocal), p => ForeachLocal(p), p => ForeachLocalGradient(p),
            p => ForeachLocalValueAndGradient(p), (p, seed, a) => ForeachLocalPullback(p, seed, a), ForeachLocalAnalytic,
            [0.5, -1.2, 0.9], [1.5, 0.1, -2.0]) with { Pushforward = (p, tangent) => ForeachLocalPushforward(p, tangent) };

        // Running products 0.5, -0.6, -1.8 (returns at the third element); 0.5, 0.6, 0.18, 0.36 (no return);
        // -1.5 (returns at once). None within 0.3 of -1.
        yield return LoopCase.Vector(nameof(ReturnInForeach), ReturnInForeach, ReturnInForeachGradient,
            p => ReturnInForeachValueAndGradient(p), (p, seed, a) => ReturnInForeachPullback(p, seed, a), ReturnInForeachAnalytic,
            [0.5, -1.2, 3, 2], [0.5, 1.2, 0.3, 2], [-1.5, 0.7, 0.2, 1.1]) with { Pushforward = (p, tangent) => ReturnInForeachPushforward(p, tangent) };

        // Running sums 0.25, 0.85, 2.29, 2.74, 3.82 (inner break), 4.37 (inner break); never above 3; 4 (break),
        // 3.2 (break), 6.2, 6.6: at least 0.18 from 3 at every check.
        yield return LoopCase.Vector(nameof(InnerBreak), InnerBreak, InnerBreakGradient, p => InnerBreakValueAndGradient(p),
            (p, seed, a) => InnerBreakPullback(p, seed, a), InnerBreakAnalytic,
            [0.5, 1.2, 0.9, 1.1], [0.3, -0.4, 0.5, 0.6], [2.0, -0.4, 1.5, 0.2]) with { Pushforward = (p, tangent) => InnerBreakPushforward(p, tangent) };

        // Elements at least 0.1 from 0 (the continue).
        yield return LoopCase.Vector(nameof(ContinueInDoWhile), ContinueInDoWhile, ContinueInDoWhileGradient,
            p => ContinueInDoWhileValueAndGradient(p), (p, seed, a) => ContinueInDoWhilePullback(p, seed, a),
            ContinueInDoWhileAnalytic,
            [0.5, -1.2, 0.9, 1.1], [-0.3, 0.4, -0.5, 2.6]) with { Pushforward = (p, tangent) => ContinueInDoWhilePushforward(p, tangent) };

        yield return LoopCase.TwoVectors(nameof(MatrixVector), ("a", 4, "x", 2), MatrixVector, MatrixVectorGradient, MatrixVectorValueAndGradient,
            (a, x, seed, da, dx) => MatrixVectorPullback(a, x, seed, da, dx), MatrixVectorAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.3, -0.4], [2.0, 0.1, -0.3, 1.0, -1.5, 0.8]) with { Pushforward = (p, tangent) => MatrixVectorPushforward(p[..4], p[4..6], tangent.AsSpan(0, 4), tangent.AsSpan(4, 2)) };

        yield return LoopCase.Vector(nameof(Strides), Strides, StridesGradient, p => StridesValueAndGradient(p),
            (p, seed, a) => StridesPullback(p, seed, a), StridesAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.3, -0.4, 0.7, 1.3, 0.2], [1.5, 0.1, -2.0, 0.6, 0.8, 1.2, -0.3, 0.9, -1.1]) with { Pushforward = (p, tangent) => StridesPushforward(p, tangent) };

        // An odd and an even length (the middle element is never read, or there is none).
        yield return LoopCase.Vector(nameof(TwoIndices) + "(odd length)", TwoIndices, TwoIndicesGradient, p => TwoIndicesValueAndGradient(p),
            (p, seed, a) => TwoIndicesPullback(p, seed, a), TwoIndicesAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.3], [1.5, 0.1, -2.0, 0.6, -0.7]) with { Pushforward = (p, tangent) => TwoIndicesPushforward(p, tangent) };
        yield return LoopCase.Vector(nameof(TwoIndices) + "(even length)", TwoIndices, TwoIndicesGradient, p => TwoIndicesValueAndGradient(p),
            (p, seed, a) => TwoIndicesPullback(p, seed, a), TwoIndicesAnalytic,
            [0.5, -1.2, 0.9, 1.1], [1.5, 0.1, -2.0, 0.6]) with { Pushforward = (p, tangent) => TwoIndicesPushforward(p, tangent) };

        // The largest x_i^2 beats the next by at least 0.4.
        yield return LoopCase.Vector(nameof(RunningMax), RunningMax, RunningMaxGradient, p => RunningMaxValueAndGradient(p),
            (p, seed, a) => RunningMaxPullback(p, seed, a), RunningMaxAnalytic,
            [0.5, -1.2, 0.9, 1.0, 0.3], [1.5, 0.1, -2.0, 0.6, 0.4], [3.0, 1.0, 0.5, 0.2, -0.1]) with { Pushforward = (p, tangent) => RunningMaxPushforward(p, tangent) };

        yield return new DoubleCase
        {
            Name = nameof(Gather),
            Parameters = new Layout(("w", 3)).Names,
            Value = p => Gather(p, GatherV, GatherIndex),
            Gradient = p => GatherGradient(p, GatherV, GatherIndex),
            ValueAndGradient = p => GatherValueAndGradient(p, GatherV, GatherIndex),
            Pullback = (p, seed, a) => GatherPullback(p, GatherV, GatherIndex, seed, a),
            Pushforward = (p, tangent) => GatherPushforward(p, GatherV, GatherIndex, tangent),
            Analytic = p => GatherAnalytic(p, GatherV, GatherIndex),
            Points = [[0.5, -1.2, 0.9], [1.5, 0.1, -2.0]],
        };

        yield return LoopCase.Vector(nameof(Scatter), p => Scatter(p, ScatterIndex, ScatterBins), p => ScatterGradient(p, ScatterIndex, ScatterBins),
            p => ScatterValueAndGradient(p, ScatterIndex, ScatterBins),
            (p, seed, a) => ScatterPullback(p, ScatterIndex, ScatterBins, seed, a), p => ScatterAnalytic(p, ScatterIndex, ScatterBins),
            [0.5, -1.2, 0.9, 1.1, 0.3, -0.4], [1.5, 0.1, -2.0, 0.6, 0.8, 2.2]) with { Pushforward = (p, tangent) => ScatterPushforward(p, ScatterIndex, ScatterBins, tangent) };

        // Distinct values, at least 0.1 apart (no tie within a step): already sorted, reversed, and shuffled.
        yield return LoopCase.Vector(nameof(SortedWeights), p => SortedWeights(p), p => SortedWeightsGradient(p),
            p => SortedWeightsValueAndGradient(p), (p, seed, a) => SortedWeightsPullback(p, seed, a), SortedWeightsAnalytic,
            [0.5, -1.2, 0.9, 1.1, 0.3, -0.4], [-2, -1, 0.5, 1.5, 3, 4], [4, 3, 1.5, 0.5, -1, -2]) with { Pushforward = (p, tangent) => SortedWeightsPushforward(p, tangent) };

        // 30: y = 8.48, 3.76, 2.32, 1.75 (break), then 2.63 (return); 1.1: 1.159 (break), 1.738, 2.607 (return);
        // 200: 34.1, 9.26, 3.97, 2.39, 1.78 (break), 2.68 (return). No y within 0.2 of 2.
        yield return Case.D1(nameof(Forever), Forever, ForeverGradient, ForeverValueAndGradient, ForeverPullback,
            ForeverAnalytic, 30.0, 1.1, 200.0);

        yield return LoopCase.VectorScalar(nameof(SpanToCallee), ("x", 3, "t"),
            (x, t) => SpanToCallee(x, t, SpanToCalleeA), (x, t) => SpanToCalleeGradient(x, t, SpanToCalleeA),
            (x, t) => SpanToCalleeValueAndGradient(x, t, SpanToCalleeA),
            (double[] x, double t, double seed, Span<double> dx, ref double dt) => SpanToCalleePullback(x, t, SpanToCalleeA, seed, dx, ref dt),
            (x, t) => SpanToCalleeAnalytic(x, t, SpanToCalleeA),
            [0.5, -1.2, 0.9, 1.7], [1.1, 0.9, 1.3, -0.4]) with { Pushforward = (p, tangent) => SpanToCalleePushforward(p[..3], p[3], SpanToCalleeA, tangent.AsSpan(0, 3), tangent[3]) };

        // No x_i within 0.1 of a multiple of 0.5 (where the trip count changes).
        yield return LoopCase.Vector(nameof(InnerWhileOnActive), InnerWhileOnActive, InnerWhileOnActiveGradient,
            p => InnerWhileOnActiveValueAndGradient(p), (p, seed, a) => InnerWhileOnActivePullback(p, seed, a),
            InnerWhileOnActiveAnalytic,
            [0.7, 1.2, 2.3, -0.4], [3.3, 0.2, 1.65, 0.85]) with { Pushforward = (p, tangent) => InnerWhileOnActivePushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(CompoundOnElements), CompoundOnElements, CompoundOnElementsGradient,
            p => CompoundOnElementsValueAndGradient(p), (p, seed, a) => CompoundOnElementsPullback(p, seed, a),
            CompoundOnElementsAnalytic,
            [0.7, 1.2, 2.3, -0.4], [-3.3, 0.2, 1.65, 0.85]) with { Pushforward = (p, tangent) => CompoundOnElementsPushforward(p, tangent) };

        // 1.3: 1.19, 0.916, 0.339, -0.385, -0.352 (no return); 2.3: 4.79, 22.4 (returns); 3.5: 11.75 (returns at
        // once). No iterate within 1 of 10.
        yield return Case.D1(nameof(ParameterOverwritten), ["x"],
            x => ParameterOverwritten(x, ParameterOverwrittenCount),
            x => ParameterOverwrittenGradient(x, ParameterOverwrittenCount),
            x => ParameterOverwrittenValueAndGradient(x, ParameterOverwrittenCount),
            (double x, double seed, ref double dx) => ParameterOverwrittenPullback(x, ParameterOverwrittenCount, seed, ref dx),
            x => ParameterOverwrittenAnalytic(x, ParameterOverwrittenCount),
            1.3, 2.3, 3.5) with { Pushforward = (p, tangent) => ParameterOverwrittenPushforward(p[0], ParameterOverwrittenCount, tangent[0]) };

        // In the next five, every x_i is at least 0.1 from 1 and from 0, and every s compared with 5 at least 0.2
        // from it.
        yield return LoopCase.Vector(nameof(CounterModified), CounterModified, CounterModifiedGradient,
            p => CounterModifiedValueAndGradient(p), (p, seed, a) => CounterModifiedPullback(p, seed, a), CounterModifiedAnalytic,
            [0.5, 1.5, 0.9, 1.1, 0.3, 0.7], [0.5, 0.6, 0.8, 0.4, 0.3, 1.7]) with { Pushforward = (p, tangent) => CounterModifiedPushforward(p, tangent) };
        yield return LoopCase.Vector(nameof(BoundModified), BoundModified, BoundModifiedGradient,
            p => BoundModifiedValueAndGradient(p), (p, seed, a) => BoundModifiedPullback(p, seed, a), BoundModifiedAnalytic,
            [0.5, 1.5, 0.9, 1.2, 0.3, 0.7], [0.5, 0.6, 0.8, 0.4, 0.3, 1.7]) with { Pushforward = (p, tangent) => BoundModifiedPushforward(p, tangent) };
        yield return LoopCase.Vector(nameof(BoundChangedAfter), BoundChangedAfter, BoundChangedAfterGradient,
            p => BoundChangedAfterValueAndGradient(p), (p, seed, a) => BoundChangedAfterPullback(p, seed, a),
            BoundChangedAfterAnalytic,
            [0.5, 1.5, 0.9, 1.2, 0.3, 0.7], [0.5, -0.6, 0.8, 0.4, 1.1, -0.9]) with { Pushforward = (p, tangent) => BoundChangedAfterPushforward(p, tangent) };
        // 1.5, 1.5, 1.9, ...: s = 1, 2.5, 5.75 (stops); 0.5, ...: s = 1, 1.5, ..., 1.97 (runs to the end).
        yield return LoopCase.Vector(nameof(ActiveExitInFor), ActiveExitInFor, ActiveExitInForGradient,
            p => ActiveExitInForValueAndGradient(p), (p, seed, a) => ActiveExitInForPullback(p, seed, a), ActiveExitInForAnalytic,
            [1.5, 1.5, 1.9, 1.2, 1.3, 1.7], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) with { Pushforward = (p, tangent) => ActiveExitInForPushforward(p, tangent) };
        // Breaks at the negative x[3], or runs to the end (i = 6 after the loop).
        yield return LoopCase.Vector(nameof(LoopVariableAfter), LoopVariableAfter, LoopVariableAfterGradient,
            p => LoopVariableAfterValueAndGradient(p), (p, seed, a) => LoopVariableAfterPullback(p, seed, a),
            LoopVariableAfterAnalytic,
            [0.5, 1.5, 0.9, -1.2, 0.3, 0.7], [0.5, 1.5, 0.9, 1.2, 0.6, 0.8]) with { Pushforward = (p, tangent) => LoopVariableAfterPushforward(p, tangent) };

        // 12 and 20 trips; no buffer element compared with 0.1 is within 0.02 of it (the finite-difference steps move
        // them by less than 1e-3).
        yield return LoopCase.Vector(nameof(BufferCondition), BufferCondition, BufferConditionGradient,
            p => BufferConditionValueAndGradient(p), (p, seed, a) => BufferConditionPullback(p, seed, a), BufferConditionAnalytic,
            [0.5, 1.5, 0.9, 1.2], [1.9, 2.5, 2.6, 2.3]) with { Pushforward = (p, tangent) => BufferConditionPushforward(p, tangent) };
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        // A double result of float parameters: its adjoints are floats, so it is checked like the float functions.
        // The case narrows the double value to float; LoopContractTests checks the double value's bits.
        yield return new FloatCase
        {
            Name = nameof(MixedPrecision) + " (double result, narrowed by the case)",
            Parameters = new Layout(("x", 3)).Names,
            Value = p => (float)MixedPrecision(p),
            Gradient = MixedPrecisionGradient,
            ValueAndGradient = p =>
            {
                (double value, float[] g) = MixedPrecisionValueAndGradient(p);
                return ((float)value, g);
            },
            Pullback = (p, seed, a) => (float)MixedPrecisionPullback(p, seed, a),
            Pushforward = (p, tangent) =>
            {
                (double value, double derivative) = MixedPrecisionPushforward(p, tangent);
                return ((float)value, (float)derivative);
            },
            Reference = MixedPrecisionReference,
            Analytic = MixedPrecisionAnalytic,
            Points = [[0.5f, 1.5f, -2f], [0.75f, -0.25f, 3.1f]],
        };

        Layout horner = new(("c", 4), ("x", 0));
        yield return new FloatCase
        {
            Name = nameof(HornerF),
            Parameters = horner.Names,
            Value = p => HornerF(horner.Array(p, 0), horner.Scalar(p, 1)),
            Gradient = p =>
            {
                (float[] dc, float dx) = HornerFGradient(horner.Array(p, 0), horner.Scalar(p, 1));
                return Layout.Join(dc, [dx]);
            },
            ValueAndGradient = p =>
            {
                (float value, (float[] dc, float dx)) = HornerFValueAndGradient(horner.Array(p, 0), horner.Scalar(p, 1));
                return (value, Layout.Join(dc, [dx]));
            },
            Pullback = (p, seed, a) => HornerFPullback(horner.Array(p, 0), horner.Scalar(p, 1), seed, horner.Span(a, 0), ref horner.Scalar(a, 1)),
            Pushforward = (p, tangent) => HornerFPushforward(horner.Array(p, 0), horner.Scalar(p, 1), horner.Span(tangent, 0), horner.Scalar(tangent, 1)),
            Reference = p => LoopModels.Horner(horner.Array(p, 0), horner.Scalar(p, 1)),
            Analytic = p =>
            {
                (double[] dc, double dx) = LoopModels.HornerAnalytic(horner.Array(p, 0), horner.Scalar(p, 1));
                return Layout.Join(dc, [dx]);
            },
            Points = [[0.5f, -1.25f, 0.75f, 2f, 1.5f], [1f, 0.3f, -0.4f, 0.1f, -0.7f]],
        };
    }
}
