using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// Array and span parameters indexed by constants (straight-line code): the gradient of an array is an array of the
/// same length, its pullback adjoint a span. The flat vector of a case is the concatenation of the coordinates.
/// </summary>
public static partial class Arrays
{
    // k == 1: the gradient is a new double[]. The data array is [NoDerivative].
    [Differentiable(Forward = true)]
    public static double Dot(double[] w, [NoDerivative] double[] x) => w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[0] * w[1];

    public static double[] DotAnalytic(double[] w, double[] x) => [x[0] + w[1], x[1] + w[0], x[2]];

    // A span and an 'in' read-only span, both differentiable; Length used in an index.
    [Differentiable(Forward = true)]
    public static double Spans(Span<double> v, in ReadOnlySpan<double> u) => v[0] * u[1] + Math.Exp(v[v.Length - 1]) * u[0];

    public static (double[], double[]) SpansAnalytic(double[] v, double[] u)
    {
        double[] dv = new double[v.Length], du = new double[u.Length];
        dv[0] += u[1];
        dv[v.Length - 1] += Math.Exp(v[v.Length - 1]) * u[0];
        du[1] += v[0];
        du[0] += Math.Exp(v[v.Length - 1]);
        return (dv, du);
    }

    // float: a read-only span and a scalar.
    [Differentiable(Forward = true)]
    public static float SpanAndScalarF(ReadOnlySpan<float> v, float s) => s * v[0] * v[1] - v[2] / s;

    public static double SpanAndScalar(double[] v, double s) => s * v[0] * v[1] - v[2] / s;

    public static (double[], double) SpanAndScalarAnalytic(double[] v, double s) =>
        ([s * v[1], s * v[0], -1 / s], v[0] * v[1] + v[2] / (s * s));

    private static readonly double[] DotData = [3.0, -4.0, 0.5];

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(Dot),
            Parameters = ["w[0]", "w[1]", "w[2]"],
            Value = p => Dot(p, DotData),
            Gradient = p => DotGradient(p, DotData),
            ValueAndGradient = p => DotValueAndGradient(p, DotData),
            Pullback = (p, seed, a) => DotPullback(p, DotData, seed, a),
            Pushforward = (p, tangent) => DotPushforward(p, DotData, tangent),
            Analytic = p => DotAnalytic(p, DotData),
            Points = [[0.5, -1.0, 2.0], [3.0, 0.25, -7.0], [0.0, 0.0, 0.0]],
        };

        // v has 3 elements, u 2: flat = v[0], v[1], v[2], u[0], u[1].
        static (double[] V, double[] U) Split(double[] p) => (p[..3], p[3..]);
        yield return new DoubleCase
        {
            Name = nameof(Spans),
            Parameters = ["v[0]", "v[1]", "v[2]", "u[0]", "u[1]"],
            Value = p =>
            {
                (double[] v, double[] u) = Split(p);
                return Spans(v, u);
            },
            Gradient = p =>
            {
                (double[] v, double[] u) = Split(p);
                (double[] gv, double[] gu) = SpansGradient(v, u);
                return [.. gv, .. gu];
            },
            ValueAndGradient = p =>
            {
                (double[] v, double[] u) = Split(p);
                (double value, (double[] gv, double[] gu)) = SpansValueAndGradient(v, u);
                return (value, [.. gv, .. gu]);
            },
            Pullback = (p, seed, a) =>
            {
                (double[] v, double[] u) = Split(p);
                return SpansPullback(v, u, seed, a.AsSpan(0, 3), a.AsSpan(3, 2));
            },
            Pushforward = (p, tangent) =>
            {
                (double[] v, double[] u) = Split(p);
                return SpansPushforward(v, u, tangent.AsSpan(0, 3), tangent.AsSpan(3, 2));
            },
            Analytic = p =>
            {
                (double[] v, double[] u) = Split(p);
                (double[] gv, double[] gu) = SpansAnalytic(v, u);
                return [.. gv, .. gu];
            },
            Points = [[0.5, -1.0, 2.0, 3.0, 4.0], [3.0, 0.25, -7.0, -0.5, 0.1]],
        };
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        // flat = v[0], v[1], v[2], s
        yield return new FloatCase
        {
            Name = nameof(SpanAndScalarF),
            Parameters = ["v[0]", "v[1]", "v[2]", "s"],
            Value = p => SpanAndScalarF(p.AsSpan(0, 3), p[3]),
            Gradient = p =>
            {
                (float[] gv, float gs) = SpanAndScalarFGradient(p.AsSpan(0, 3), p[3]);
                return [.. gv, gs];
            },
            ValueAndGradient = p =>
            {
                (float value, (float[] gv, float gs)) = SpanAndScalarFValueAndGradient(p.AsSpan(0, 3), p[3]);
                return (value, [.. gv, gs]);
            },
            Pullback = (p, seed, a) => SpanAndScalarFPullback(p.AsSpan(0, 3), p[3], seed, a.AsSpan(0, 3), ref a[3]),
            Pushforward = (p, tangent) => SpanAndScalarFPushforward(p.AsSpan(0, 3), p[3], tangent.AsSpan(0, 3), tangent[3]),
            Reference = p => SpanAndScalar(p[..3], p[3]),
            Analytic = p =>
            {
                (double[] gv, double gs) = SpanAndScalarAnalytic(p[..3], p[3]);
                return [.. gv, gs];
            },
            Points = [[0.5f, -1.0f, 2.0f, 1.5f], [3.0f, 0.25f, -7.0f, -0.5f]],
        };
    }
}
