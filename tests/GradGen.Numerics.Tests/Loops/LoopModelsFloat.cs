using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// Float versions of the MSE and logistic-regression losses of <see cref="LoopModels"/> (whose double versions are
/// their references), and float arrays and spans in loops.
/// </summary>
public static partial class LoopModelsFloat
{
    [Differentiable(Forward = true)]
    public static float MseF(float w, float b, [NoDerivative] ReadOnlySpan<float> xs, [NoDerivative] ReadOnlySpan<float> ys)
    {
        float sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            float r = ys[i] - (w * xs[i] + b);
            sum += r * r;
        }

        return sum / xs.Length;
    }

    [Differentiable(Forward = true)]
    public static float LogisticRegressionF(float[] w, float b, [NoDerivative] float[] xs, [NoDerivative] float[] labels)
    {
        int d = w.Length;
        int n = labels.Length;
        float loss = 0;
        for (int i = 0; i < n; i++)
        {
            float z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }

            loss += MathF.Log(1 + MathF.Exp(-labels[i] * z));
        }

        return loss / n;
    }

    // The data of the double versions, in float (all of it exactly representable, or rounded once: the references
    // use the float data widened back to double, so both see the same numbers).
    internal static readonly float[] MseXs = LoopModels.MseXs.Select(v => (float)v).ToArray();
    internal static readonly float[] MseYs = LoopModels.MseYs.Select(v => (float)v).ToArray();
    internal static readonly float[] LogisticXs = LoopModels.LogisticXs.Select(v => (float)v).ToArray();
    internal static readonly float[] LogisticLabels = LoopModels.LogisticLabels.Select(v => (float)v).ToArray();

    private static readonly double[] MseXsWide = Layout.Widen(MseXs);
    private static readonly double[] MseYsWide = Layout.Widen(MseYs);
    private static readonly double[] LogisticXsWide = Layout.Widen(LogisticXs);
    private static readonly double[] LogisticLabelsWide = Layout.Widen(LogisticLabels);

    private static readonly Layout LogisticLayout = new(("w", 3), ("b", 0));

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F2(nameof(MseF), ["w", "b"],
            (w, b) => MseF(w, b, MseXs, MseYs),
            (w, b) => MseFGradient(w, b, MseXs, MseYs),
            (w, b) => MseFValueAndGradient(w, b, MseXs, MseYs),
            (float w, float b, float seed, ref float dw, ref float db) => MseFPullback(w, b, MseXs, MseYs, seed, ref dw, ref db),
            (w, b) => LoopModels.Mse(w, b, MseXsWide, MseYsWide),
            (w, b) => LoopModels.MseAnalytic(w, b, MseXsWide, MseYsWide),
            (0.5f, -0.3f), (2.0f, 0.1f), (-1.5f, 2.5f)) with { Pushforward = (p, tangent) => MseFPushforward(p[0], p[1], MseXs, MseYs, tangent[0], tangent[1]) };

        yield return new FloatCase
        {
            Name = nameof(LogisticRegressionF),
            Parameters = LogisticLayout.Names,
            Value = p => LogisticRegressionF(LogisticLayout.Array(p, 0), LogisticLayout.Scalar(p, 1), LogisticXs, LogisticLabels),
            Gradient = p =>
            {
                (float[] dw, float db) = LogisticRegressionFGradient(LogisticLayout.Array(p, 0), LogisticLayout.Scalar(p, 1), LogisticXs, LogisticLabels);
                return Layout.Join(dw, [db]);
            },
            ValueAndGradient = p =>
            {
                (float value, (float[] dw, float db)) =
                    LogisticRegressionFValueAndGradient(LogisticLayout.Array(p, 0), LogisticLayout.Scalar(p, 1), LogisticXs, LogisticLabels);
                return (value, Layout.Join(dw, [db]));
            },
            Pullback = (p, seed, a) => LogisticRegressionFPullback(LogisticLayout.Array(p, 0), LogisticLayout.Scalar(p, 1), LogisticXs, LogisticLabels,
                seed, LogisticLayout.Span(a, 0), ref LogisticLayout.Scalar(a, 1)),
            Pushforward = (p, tangent) => LogisticRegressionFPushforward(LogisticLayout.Array(p, 0), LogisticLayout.Scalar(p, 1), LogisticXs, LogisticLabels, LogisticLayout.Span(tangent, 0), LogisticLayout.Scalar(tangent, 1)),
            Reference = p => LoopModels.LogisticRegression(LogisticLayout.Array(p, 0), LogisticLayout.Scalar(p, 1), LogisticXsWide, LogisticLabelsWide),
            Analytic = p =>
            {
                (double[] dw, double db) =
                    LoopModels.LogisticRegressionAnalytic(LogisticLayout.Array(p, 0), LogisticLayout.Scalar(p, 1), LogisticXsWide, LogisticLabelsWide);
                return Layout.Join(dw, [db]);
            },
            Points = [[0.5f, -0.25f, 1.0f, 0.1f], [-1.5f, 2.0f, 0.3f, -0.7f], [3.0f, 1.0f, -2.0f, 1.5f]],
        };
    }
}
