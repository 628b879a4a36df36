using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// Arrays and spans in loops: foreach over double[], float[], Span and ReadOnlySpan; computed indices; local buffers
/// (new T[n] and stackalloc) holding intermediate values, written, overwritten and read; every kind of array and span
/// parameter both differentiable and [NoDerivative]; calls to other [Differentiable] methods with array arguments.
/// </summary>
public static partial class LoopArrays
{
    // foreach over a double[]: p is overwritten by a product (the reverse sweep needs its old values).
    [Differentiable(Forward = true)]
    public static double ForeachArray(double[] x)
    {
        double s = 0;
        double p = 1;
        foreach (double v in x)
        {
            s += v * v * p;
            p *= Math.Cos(v);
        }

        return s + p;
    }

    // Forward mode by hand: the gradients of s and p carried through the loop.
    public static double[] ForeachArrayAnalytic(double[] x)
    {
        int n = x.Length;
        double s = 0, p = 1;
        double[] ds = new double[n], dp = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = x[i];
            for (int j = 0; j < n; j++)
            {
                ds[j] += v * v * dp[j];
            }

            ds[i] += 2 * v * p;
            s += v * v * p;
            for (int j = 0; j < n; j++)
            {
                dp[j] *= Math.Cos(v);
            }

            dp[i] -= p * Math.Sin(v);
            p *= Math.Cos(v);
        }

        return ds.Select((d, j) => d + dp[j]).ToArray();
    }

    // The float twin of ForeachArray: foreach over a float[].
    [Differentiable(Forward = true)]
    public static float ForeachArrayF(float[] x)
    {
        float s = 0;
        float p = 1;
        foreach (float v in x)
        {
            s += v * v * p;
            p *= MathF.Cos(v);
        }

        return s + p;
    }

    // foreach over a Span<double>: s is overwritten linearly.
    [Differentiable(Forward = true)]
    public static double ForeachSpan(Span<double> x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s = 0.5 * s + Math.Sin(v) * v;
        }

        return s;
    }

    // s = sum 0.5^(n-1-i) v_i sin v_i.
    public static double[] ForeachSpanAnalytic(double[] x) =>
        x.Select((v, i) => Math.Pow(0.5, x.Length - 1 - i) * (Math.Sin(v) + v * Math.Cos(v))).ToArray();

    // foreach over a ReadOnlySpan<double>, with an active scalar: log-sum-exp of scale * x.
    [Differentiable(Forward = true)]
    public static double ForeachReadOnlySpan(ReadOnlySpan<double> x, double scale)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += Math.Exp(scale * v);
        }

        return Math.Log(s);
    }

    public static (double[], double) ForeachReadOnlySpanAnalytic(double[] x, double scale)
    {
        double s = x.Sum(v => Math.Exp(scale * v));
        return (x.Select(v => scale * Math.Exp(scale * v) / s).ToArray(), x.Sum(v => v * Math.Exp(scale * v)) / s);
    }

    // The float twin: foreach over a ReadOnlySpan<float>.
    [Differentiable(Forward = true)]
    public static float ForeachReadOnlySpanF(ReadOnlySpan<float> x, float scale)
    {
        float s = 0;
        foreach (float v in x)
        {
            s += MathF.Exp(scale * v);
        }

        return MathF.Log(s);
    }

    // foreach over [NoDerivative] data, the active value a scalar.
    [Differentiable(Forward = true)]
    public static double ForeachData(double w, [NoDerivative] double[] data)
    {
        double s = 0;
        foreach (double v in data)
        {
            s += Math.Tanh(w * v) * v;
        }

        return s;
    }

    public static double ForeachDataAnalytic(double w, double[] data) =>
        data.Sum(v => (1 - Math.Tanh(w * v) * Math.Tanh(w * v)) * v * v);

    // Computed indices: a row-major matrix m[i * n + j] and a reversed vector v[n - 1 - j].
    [Differentiable(Forward = true)]
    public static double ComputedIndices(double[] m, ReadOnlySpan<double> v)
    {
        int n = v.Length;
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                s += m[i * n + j] * v[n - 1 - j] * v[i];
            }
        }

        return s;
    }

    public static (double[], double[]) ComputedIndicesAnalytic(double[] m, double[] v)
    {
        int n = v.Length;
        double[] dm = new double[n * n], dv = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                dm[i * n + j] = v[n - 1 - j] * v[i];
                dv[n - 1 - j] += m[i * n + j] * v[i];
                dv[i] += m[i * n + j] * v[n - 1 - j];
            }
        }

        return (dm, dv);
    }

    // A local new double[n] holding a prefix sum, written in one loop and read in another.
    [Differentiable(Forward = true)]
    public static double PrefixSumArray(double[] x)
    {
        double[] prefix = new double[x.Length];
        prefix[0] = x[0];
        for (int i = 1; i < x.Length; i++)
        {
            prefix[i] = prefix[i - 1] + x[i];
        }

        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += Math.Sin(prefix[i]) * prefix[i];
        }

        return s;
    }

    // P_i = x_0 + ... + x_i, f = sum P_i sin P_i: df/dx_j = sum_{i >= j} (sin P_i + P_i cos P_i).
    public static double[] PrefixSumArrayAnalytic(double[] x)
    {
        int n = x.Length;
        double[] g = new double[n];
        double prefix = 0;
        for (int i = 0; i < n; i++)
        {
            prefix += x[i];
            double term = Math.Sin(prefix) + prefix * Math.Cos(prefix);
            for (int j = 0; j <= i; j++)
            {
                g[j] += term;
            }
        }

        return g;
    }

    // A stackalloc span holding a decayed prefix sum P_i = decay P_(i-1) + x_i; the decay is active.
    [Differentiable(Forward = true)]
    public static double PrefixSumStackalloc(ReadOnlySpan<double> x, double decay)
    {
        int n = x.Length;
        Span<double> prefix = stackalloc double[n];
        prefix[0] = x[0];
        for (int i = 1; i < n; i++)
        {
            prefix[i] = decay * prefix[i - 1] + x[i];
        }

        double s = 0;
        for (int i = 0; i < n; i++)
        {
            s += prefix[i] * prefix[i];
        }

        return s / n;
    }

    // Forward mode by hand: dP_i/dx_j and dP_i/ddecay carried along.
    public static (double[], double) PrefixSumStackallocAnalytic(double[] x, double decay)
    {
        int n = x.Length;
        double[] dPdx = new double[n]; // dP_i/dx_j for the current i
        double[] g = new double[n];
        double prefix = 0, dPdDecay = 0, gDecay = 0;
        for (int i = 0; i < n; i++)
        {
            if (i == 0)
            {
                prefix = x[0];
                dPdx[0] = 1;
            }
            else
            {
                dPdDecay = prefix + decay * dPdDecay;
                prefix = decay * prefix + x[i];
                for (int j = 0; j < i; j++)
                {
                    dPdx[j] *= decay;
                }

                dPdx[i] = 1;
            }

            for (int j = 0; j <= i; j++)
            {
                g[j] += 2 * prefix * dPdx[j] / n;
            }

            gDecay += 2 * prefix * dPdDecay / n;
        }

        return (g, gDecay);
    }

    // Elements of a local buffer overwritten in place, three passes: buf[i] = sin(buf[i] + buf[i - 1]) needs the old
    // buf[i] in the reverse sweep.
    [Differentiable(Forward = true)]
    public static double InPlaceSmoothing(double[] x)
    {
        double[] buf = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            buf[i] = x[i];
        }

        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 1; i < buf.Length; i++)
            {
                buf[i] = Math.Sin(buf[i] + buf[i - 1]);
            }
        }

        double s = 0;
        for (int i = 0; i < buf.Length; i++)
        {
            s += buf[i] * buf[i] * (i + 1);
        }

        return s;
    }

    // Forward mode by hand: the Jacobian d buf_i / d x_j carried through the passes.
    public static double[] InPlaceSmoothingAnalytic(double[] x)
    {
        int n = x.Length;
        double[] buf = (double[])x.Clone();
        double[,] jacobian = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            jacobian[i, i] = 1;
        }

        for (int pass = 0; pass < 3; pass++)
        {
            for (int i = 1; i < n; i++)
            {
                double c = Math.Cos(buf[i] + buf[i - 1]);
                for (int j = 0; j < n; j++)
                {
                    jacobian[i, j] = c * (jacobian[i, j] + jacobian[i - 1, j]);
                }

                buf[i] = Math.Sin(buf[i] + buf[i - 1]);
            }
        }

        double[] g = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                g[j] += 2 * buf[i] * (i + 1) * jacobian[i, j];
            }
        }

        return g;
    }

    // Every kind of array and span parameter, differentiable (a, b, c) and [NoDerivative] (p, q, r), with a foreach
    // over a [NoDerivative] span.
    [Differentiable(Forward = true)]
    public static double SpanKinds(Span<double> a, ReadOnlySpan<double> b, double[] c,
        [NoDerivative] Span<double> p, [NoDerivative] ReadOnlySpan<double> q, [NoDerivative] double[] r)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * p[i] + b[i] * b[i] * q[i] + Math.Exp(c[i]) * r[i] + a[i] * b[i] * c[i];
        }

        foreach (double v in q)
        {
            s += v * Math.Sin(c[0]);
        }

        return s;
    }

    public static (double[], double[], double[]) SpanKindsAnalytic(double[] a, double[] b, double[] c, double[] p, double[] q, double[] r)
    {
        int n = a.Length;
        double[] da = new double[n], db = new double[n], dc = new double[n];
        for (int i = 0; i < n; i++)
        {
            da[i] = p[i] + b[i] * c[i];
            db[i] = 2 * b[i] * q[i] + a[i] * c[i];
            dc[i] = Math.Exp(c[i]) * r[i] + a[i] * b[i];
        }

        dc[0] += q.Sum() * Math.Cos(c[0]);
        return (da, db, dc);
    }

    // The float twin: Span<float>, ReadOnlySpan<float> and float[], differentiable and [NoDerivative].
    [Differentiable(Forward = true)]
    public static float SpanKindsF(Span<float> a, ReadOnlySpan<float> b, float[] c,
        [NoDerivative] Span<float> p, [NoDerivative] ReadOnlySpan<float> q, [NoDerivative] float[] r)
    {
        float s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * p[i] + b[i] * b[i] * q[i] + MathF.Exp(c[i]) * r[i] + a[i] * b[i] * c[i];
        }

        foreach (float v in q)
        {
            s += v * MathF.Sin(c[0]);
        }

        return s;
    }

    // Calls to other [Differentiable] methods with array arguments (one converted to a ReadOnlySpan).
    [Differentiable(Forward = true)]
    public static double Calls(double[] a, double[] b, double s) =>
        s * LoopModels.DotProduct(a, b) + LoopModels.RosenbrockN(a) + Math.Sin(LoopModels.Horner(b, s));

    public static (double[], double[], double) CallsAnalytic(double[] a, double[] b, double s)
    {
        (double[] dotA, double[] dotB) = LoopModels.DotProductAnalytic(a, b);
        double[] rosenbrock = LoopModels.RosenbrockNAnalytic(a);
        (double[] hornerC, double hornerX) = LoopModels.HornerAnalytic(b, s);
        double outer = Math.Cos(LoopModels.Horner(b, s));
        double[] da = dotA.Select((d, i) => s * d + rosenbrock[i]).ToArray();
        double[] db = dotB.Select((d, i) => s * d + outer * hornerC[i]).ToArray();
        return (da, db, LoopModels.DotProduct(a, b) + outer * hornerX);
    }

    // A call to a [Differentiable] method that uses the tape, inside a loop.
    [Differentiable(Forward = true)]
    public static double CallsInLoop(double[] c, double x)
    {
        double sum = 0;
        for (int k = 1; k <= 3; k++)
        {
            sum += LoopModels.Horner(c, x * k) / k;
        }

        return sum;
    }

    public static (double[], double) CallsInLoopAnalytic(double[] c, double x)
    {
        double[] dc = new double[c.Length];
        double dx = 0;
        for (int k = 1; k <= 3; k++)
        {
            (double[] hc, double hx) = LoopModels.HornerAnalytic(c, x * k);
            for (int i = 0; i < c.Length; i++)
            {
                dc[i] += hc[i] / k;
            }

            dx += hx; // d/dx of p(k x) / k = p'(k x)
        }

        return (dc, dx);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cases.

    internal static readonly double[] ForeachDataValues = [0.5, -1.5, 2.0, 0.25];
    internal static readonly double[] SpanKindsP = [0.5, -1.0, 2.0];
    internal static readonly double[] SpanKindsQ = [1.5, 0.25, -0.75];
    internal static readonly double[] SpanKindsR = [-0.5, 2.0, 1.0];

    private static readonly float[] SpanKindsPF = SpanKindsP.Select(v => (float)v).ToArray();
    private static readonly float[] SpanKindsQF = SpanKindsQ.Select(v => (float)v).ToArray();
    private static readonly float[] SpanKindsRF = SpanKindsR.Select(v => (float)v).ToArray();

    private static readonly Layout ComputedIndicesLayout = new(("m", 9), ("v", 3));
    private static readonly Layout SpanKindsLayout = new(("a", 3), ("b", 3), ("c", 3));
    private static readonly Layout CallsLayout = new(("a", 3), ("b", 3), ("s", 0));

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return LoopCase.Vector(nameof(ForeachArray), ForeachArray, ForeachArrayGradient, p => ForeachArrayValueAndGradient(p),
            (p, seed, a) => ForeachArrayPullback(p, seed, a), ForeachArrayAnalytic,
            [0.5, -1.0, 2.0, 0.3], [1.5, 1.4, -0.2, 3.0], [0, 0, 0, 0]) with { Pushforward = (p, tangent) => ForeachArrayPushforward(p, tangent) };

        yield return LoopCase.Vector(nameof(ForeachSpan), p => ForeachSpan(p), p => ForeachSpanGradient(p),
            p => ForeachSpanValueAndGradient(p), (p, seed, a) => ForeachSpanPullback(p, seed, a), ForeachSpanAnalytic,
            [0.5, -1.0, 2.0, 0.3], [1.5, 1.4, -0.2, 3.0]) with { Pushforward = (p, tangent) => ForeachSpanPushforward(p, tangent) };

        yield return LoopCase.VectorScalar(nameof(ForeachReadOnlySpan), ("x", 4, "scale"),
            (x, s) => ForeachReadOnlySpan(x, s), (x, s) => ForeachReadOnlySpanGradient(x, s),
            (x, s) => ForeachReadOnlySpanValueAndGradient(x, s),
            (double[] x, double s, double seed, Span<double> dx, ref double ds) => ForeachReadOnlySpanPullback(x, s, seed, dx, ref ds),
            ForeachReadOnlySpanAnalytic,
            [0.5, -1.0, 2.0, 0.3, 1.0], [1.5, 1.4, -0.2, 3.0, -0.5], [0, 0, 0, 0, 2.5]) with { Pushforward = (p, tangent) => ForeachReadOnlySpanPushforward(p[..4], p[4], tangent.AsSpan(0, 4), tangent[4]) };

        yield return Case.D1(nameof(ForeachData), ["w"],
            w => ForeachData(w, ForeachDataValues),
            w => ForeachDataGradient(w, ForeachDataValues),
            w => ForeachDataValueAndGradient(w, ForeachDataValues),
            (double w, double seed, ref double dw) => ForeachDataPullback(w, ForeachDataValues, seed, ref dw),
            w => ForeachDataAnalytic(w, ForeachDataValues),
            0.3, -1.2, 2.0) with { Pushforward = (p, tangent) => ForeachDataPushforward(p[0], ForeachDataValues, tangent[0]) };

        yield return new DoubleCase
        {
            Name = nameof(ComputedIndices),
            Parameters = ComputedIndicesLayout.Names,
            Value = p => ComputedIndices(ComputedIndicesLayout.Array(p, 0), ComputedIndicesLayout.Array(p, 1)),
            Gradient = p =>
            {
                (double[] dm, double[] dv) = ComputedIndicesGradient(ComputedIndicesLayout.Array(p, 0), ComputedIndicesLayout.Array(p, 1));
                return Layout.Join(dm, dv);
            },
            ValueAndGradient = p =>
            {
                (double value, (double[] dm, double[] dv)) = ComputedIndicesValueAndGradient(ComputedIndicesLayout.Array(p, 0), ComputedIndicesLayout.Array(p, 1));
                return (value, Layout.Join(dm, dv));
            },
            Pullback = (p, seed, a) => ComputedIndicesPullback(ComputedIndicesLayout.Array(p, 0), ComputedIndicesLayout.Array(p, 1), seed, ComputedIndicesLayout.Span(a, 0), ComputedIndicesLayout.Span(a, 1)),
            Pushforward = (p, tangent) => ComputedIndicesPushforward(ComputedIndicesLayout.Array(p, 0), ComputedIndicesLayout.Array(p, 1), ComputedIndicesLayout.Span(tangent, 0), ComputedIndicesLayout.Span(tangent, 1)),
            Analytic = p =>
            {
                (double[] dm, double[] dv) = ComputedIndicesAnalytic(ComputedIndicesLayout.Array(p, 0), ComputedIndicesLayout.Array(p, 1));
                return Layout.Join(dm, dv);
            },
            Points =
            [
                [1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5, -1.0, 2.0],
                [0.3, -0.7, 1.1, 0, 2, -1.5, 0.25, 1, -3, 1.5, 0.2, -0.8],
            ],
        };

        yield return LoopCase.Vector(nameof(PrefixSumArray), PrefixSumArray, PrefixSumArrayGradient,
            p => PrefixSumArrayValueAndGradient(p), (p, seed, a) => PrefixSumArrayPullback(p, seed, a), PrefixSumArrayAnalytic,
            [0.5, -1.0, 2.0, 0.3, 0.8], [1.5, 1.4, -0.2, 3.0, -4.0]) with { Pushforward = (p, tangent) => PrefixSumArrayPushforward(p, tangent) };

        yield return LoopCase.VectorScalar(nameof(PrefixSumStackalloc), ("x", 5, "decay"),
            (x, d) => PrefixSumStackalloc(x, d), (x, d) => PrefixSumStackallocGradient(x, d),
            (x, d) => PrefixSumStackallocValueAndGradient(x, d),
            (double[] x, double d, double seed, Span<double> dx, ref double dd) => PrefixSumStackallocPullback(x, d, seed, dx, ref dd),
            PrefixSumStackallocAnalytic,
            [0.5, -1.0, 2.0, 0.3, 0.8, 0.9], [1.5, 1.4, -0.2, 3.0, -4.0, 0.5], [1, 1, 1, 1, 1, -0.7]) with { Pushforward = (p, tangent) => PrefixSumStackallocPushforward(p[..5], p[5], tangent.AsSpan(0, 5), tangent[5]) };

        yield return LoopCase.Vector(nameof(InPlaceSmoothing), InPlaceSmoothing, InPlaceSmoothingGradient,
            p => InPlaceSmoothingValueAndGradient(p), (p, seed, a) => InPlaceSmoothingPullback(p, seed, a),
            InPlaceSmoothingAnalytic,
            [0.5, -1.0, 2.0, 0.3], [1.5, 1.4, -0.2, 3.0], [0.1, 0.2, 0.3, 0.4]) with { Pushforward = (p, tangent) => InPlaceSmoothingPushforward(p, tangent) };

        yield return new DoubleCase
        {
            Name = nameof(SpanKinds),
            Parameters = SpanKindsLayout.Names,
            Value = p => SpanKinds(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsP, SpanKindsQ, SpanKindsR),
            Gradient = p =>
            {
                (double[] da, double[] db, double[] dc) =
                    SpanKindsGradient(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsP, SpanKindsQ, SpanKindsR);
                return Layout.Join(da, db, dc);
            },
            ValueAndGradient = p =>
            {
                (double value, (double[] da, double[] db, double[] dc)) =
                    SpanKindsValueAndGradient(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsP, SpanKindsQ, SpanKindsR);
                return (value, Layout.Join(da, db, dc));
            },
            Pullback = (p, seed, a) => SpanKindsPullback(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsP, SpanKindsQ,
                SpanKindsR, seed, SpanKindsLayout.Span(a, 0), SpanKindsLayout.Span(a, 1), SpanKindsLayout.Span(a, 2)),
            Pushforward = (p, tangent) => SpanKindsPushforward(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsP, SpanKindsQ, SpanKindsR, SpanKindsLayout.Span(tangent, 0), SpanKindsLayout.Span(tangent, 1), SpanKindsLayout.Span(tangent, 2)),
            Analytic = p =>
            {
                (double[] da, double[] db, double[] dc) =
                    SpanKindsAnalytic(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsP, SpanKindsQ, SpanKindsR);
                return Layout.Join(da, db, dc);
            },
            Points = [[0.5, -1, 2, 0.3, 1.5, -0.4, 0.1, -0.2, 0.7], [1.5, 1.4, -0.2, 3, -2, 0.6, 1.2, 0.8, -1.5]],
        };

        yield return new DoubleCase
        {
            Name = nameof(Calls),
            Parameters = CallsLayout.Names,
            Value = p => Calls(CallsLayout.Array(p, 0), CallsLayout.Array(p, 1), CallsLayout.Scalar(p, 2)),
            Gradient = p =>
            {
                (double[] da, double[] db, double ds) = CallsGradient(CallsLayout.Array(p, 0), CallsLayout.Array(p, 1), CallsLayout.Scalar(p, 2));
                return Layout.Join(da, db, [ds]);
            },
            ValueAndGradient = p =>
            {
                (double value, (double[] da, double[] db, double ds)) = CallsValueAndGradient(CallsLayout.Array(p, 0), CallsLayout.Array(p, 1), CallsLayout.Scalar(p, 2));
                return (value, Layout.Join(da, db, [ds]));
            },
            Pullback = (p, seed, a) => CallsPullback(CallsLayout.Array(p, 0), CallsLayout.Array(p, 1), CallsLayout.Scalar(p, 2), seed, CallsLayout.Span(a, 0), CallsLayout.Span(a, 1),
                ref CallsLayout.Scalar(a, 2)),
            Pushforward = (p, tangent) => CallsPushforward(CallsLayout.Array(p, 0), CallsLayout.Array(p, 1), CallsLayout.Scalar(p, 2), CallsLayout.Span(tangent, 0), CallsLayout.Span(tangent, 1), CallsLayout.Scalar(tangent, 2)),
            Analytic = p =>
            {
                (double[] da, double[] db, double ds) = CallsAnalytic(CallsLayout.Array(p, 0), CallsLayout.Array(p, 1), CallsLayout.Scalar(p, 2));
                return Layout.Join(da, db, [ds]);
            },
            Points = [[0.5, -1, 0.8, 0.3, 1.5, -0.4, 0.7], [1.2, 1.4, -0.2, 2, -0.5, 0.6, -1.3]],
        };

        yield return LoopCase.VectorScalar(nameof(CallsInLoop), ("c", 4, "x"),
            CallsInLoop, CallsInLoopGradient, CallsInLoopValueAndGradient,
            (double[] c, double x, double seed, Span<double> dc, ref double dx) => CallsInLoopPullback(c, x, seed, dc, ref dx),
            CallsInLoopAnalytic,
            [1, -2, 0.5, 0.3, 0.7], [0.3, 0.1, -0.4, 0.2, -0.6]) with { Pushforward = (p, tangent) => CallsInLoopPushforward(p[..4], p[4], tangent.AsSpan(0, 4), tangent[4]) };
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return new FloatCase
        {
            Name = nameof(ForeachArrayF),
            Parameters = new Layout(("x", 4)).Names,
            Value = ForeachArrayF,
            Gradient = ForeachArrayFGradient,
            ValueAndGradient = p => ForeachArrayFValueAndGradient(p),
            Pullback = (p, seed, a) => ForeachArrayFPullback(p, seed, a),
            Pushforward = (p, tangent) => ForeachArrayFPushforward(p, tangent),
            Reference = ForeachArray,
            Analytic = ForeachArrayAnalytic,
            Points = [[0.5f, -1.0f, 2.0f, 0.3f], [1.5f, 1.4f, -0.2f, 3.0f]],
        };

        Layout spanLayout = new(("x", 4), ("scale", 0));
        yield return new FloatCase
        {
            Name = nameof(ForeachReadOnlySpanF),
            Parameters = spanLayout.Names,
            Value = p => ForeachReadOnlySpanF(spanLayout.Array(p, 0), spanLayout.Scalar(p, 1)),
            Gradient = p =>
            {
                (float[] dx, float ds) = ForeachReadOnlySpanFGradient(spanLayout.Array(p, 0), spanLayout.Scalar(p, 1));
                return Layout.Join(dx, [ds]);
            },
            ValueAndGradient = p =>
            {
                (float value, (float[] dx, float ds)) = ForeachReadOnlySpanFValueAndGradient(spanLayout.Array(p, 0), spanLayout.Scalar(p, 1));
                return (value, Layout.Join(dx, [ds]));
            },
            Pullback = (p, seed, a) => ForeachReadOnlySpanFPullback(spanLayout.Array(p, 0), spanLayout.Scalar(p, 1), seed, spanLayout.Span(a, 0), ref spanLayout.Scalar(a, 1)),
            Pushforward = (p, tangent) => ForeachReadOnlySpanFPushforward(spanLayout.Array(p, 0), spanLayout.Scalar(p, 1), spanLayout.Span(tangent, 0), spanLayout.Scalar(tangent, 1)),
            Reference = p => ForeachReadOnlySpan(spanLayout.Array(p, 0), spanLayout.Scalar(p, 1)),
            Analytic = p =>
            {
                (double[] dx, double ds) = ForeachReadOnlySpanAnalytic(spanLayout.Array(p, 0), spanLayout.Scalar(p, 1));
                return Layout.Join(dx, [ds]);
            },
            Points = [[0.5f, -1.0f, 2.0f, 0.3f, 1.0f], [1.5f, 1.4f, -0.2f, 3.0f, -0.5f]],
        };

        double[] pw = Layout.Widen(SpanKindsPF), qw = Layout.Widen(SpanKindsQF), rw = Layout.Widen(SpanKindsRF);
        yield return new FloatCase
        {
            Name = nameof(SpanKindsF),
            Parameters = SpanKindsLayout.Names,
            Value = p => SpanKindsF(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsPF, SpanKindsQF, SpanKindsRF),
            Gradient = p =>
            {
                (float[] da, float[] db, float[] dc) =
                    SpanKindsFGradient(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsPF, SpanKindsQF, SpanKindsRF);
                return Layout.Join(da, db, dc);
            },
            ValueAndGradient = p =>
            {
                (float value, (float[] da, float[] db, float[] dc)) =
                    SpanKindsFValueAndGradient(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsPF, SpanKindsQF, SpanKindsRF);
                return (value, Layout.Join(da, db, dc));
            },
            Pullback = (p, seed, a) => SpanKindsFPullback(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsPF, SpanKindsQF,
                SpanKindsRF, seed, SpanKindsLayout.Span(a, 0), SpanKindsLayout.Span(a, 1), SpanKindsLayout.Span(a, 2)),
            Pushforward = (p, tangent) => SpanKindsFPushforward(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), SpanKindsPF, SpanKindsQF, SpanKindsRF, SpanKindsLayout.Span(tangent, 0), SpanKindsLayout.Span(tangent, 1), SpanKindsLayout.Span(tangent, 2)),
            Reference = p => SpanKinds(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), pw, qw, rw),
            Analytic = p =>
            {
                (double[] da, double[] db, double[] dc) = SpanKindsAnalytic(SpanKindsLayout.Array(p, 0), SpanKindsLayout.Array(p, 1), SpanKindsLayout.Array(p, 2), pw, qw, rw);
                return Layout.Join(da, db, dc);
            },
            Points = [[0.5f, -1, 2, 0.3f, 1.5f, -0.4f, 0.1f, -0.2f, 0.7f], [1.5f, 1.4f, -0.2f, 3, -2, 0.6f, 1.2f, 0.8f, -1.5f]],
        };
    }
}
