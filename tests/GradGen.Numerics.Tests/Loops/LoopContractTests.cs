using Xunit;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// The contract for array and span parameters: FPullback checks the length of every adjoint span (a shorter one is an
/// ArgumentException naming that adjoint, before anything is written; a longer one is accepted and only its first
/// elements change); FGradient returns new arrays of the primal's length; no generated member writes to its inputs.
/// </summary>
public sealed class LoopContractTests
{
    private static readonly double[] W = [0.5, -0.25, 1.0];

    private static void AssertBits(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"element {i}: expected the bits of {expected[i]:R}, got {actual[i]:R}");
        }
    }

    /// <summary>A shorter adjoint throws, names that adjoint, and leaves every adjoint untouched.</summary>
    private static void AssertShortAdjointThrows(string expectedParamName, Action call, params double[][] adjoints)
    {
        double[][] before = adjoints.Select(a => (double[])a.Clone()).ToArray();
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(expectedParamName, e.ParamName);
        for (int i = 0; i < adjoints.Length; i++)
        {
            AssertBits(before[i], adjoints[i]);
        }
    }

    [Fact]
    public void ShortAdjointSpanThrowsArgumentExceptionNamingTheAdjoint()
    {
        double[] xs = LoopModels.LogisticXs, labels = LoopModels.LogisticLabels;
        double[] shortW = [7.0, 7.0];
        double[] b = [7.0];
        AssertShortAdjointThrows("wAdjoint",
            () => LoopModels.LogisticRegressionPullback(W, 0.1, xs, labels, 1.0, shortW, ref b[0]), shortW, b);

        // Empty, and only the second of two span adjoints short.
        double[] a4 = [1, 2, 3, 4];
        AssertShortAdjointThrows("aAdjoint", () => LoopModels.DotProductPullback(a4, a4, 1.0, Span<double>.Empty, new double[4]));
        double[] okA = [7, 7, 7, 7], shortB = [7, 7, 7];
        AssertShortAdjointThrows("bAdjoint", () => LoopModels.DotProductPullback(a4, a4, 1.0, okA, shortB), okA, shortB);

        // Read-only span parameters; each of three adjoints short in turn.
        double[] w1 = new double[6], b1 = new double[3], w2 = new double[3];
        double[] b2 = [7.0];
        AssertShortAdjointThrows("w1Adjoint", () => LoopModels.MlpPullback(w1, b1, w2, 0, LoopModels.MlpX, 0, 1.0,
            new double[5], new double[3], new double[3], ref b2[0]), b2);
        AssertShortAdjointThrows("b1Adjoint", () => LoopModels.MlpPullback(w1, b1, w2, 0, LoopModels.MlpX, 0, 1.0,
            new double[6], new double[2], new double[3], ref b2[0]), b2);
        AssertShortAdjointThrows("w2Adjoint", () => LoopModels.MlpPullback(w1, b1, w2, 0, LoopModels.MlpX, 0, 1.0,
            new double[6], new double[3], new double[1], ref b2[0]), b2);

        // Span, ReadOnlySpan and array parameters side by side.
        double[] three = [0.5, 1.0, -1.0];
        double[] okSpan = [7, 7, 7], shortSpan = [7, 7];
        AssertShortAdjointThrows("cAdjoint", () => LoopArrays.SpanKindsPullback(three, three, three, LoopArrays.SpanKindsP,
            LoopArrays.SpanKindsQ, LoopArrays.SpanKindsR, 1.0, okSpan, okSpan, shortSpan), okSpan, shortSpan);

        // The tape-using Horner, and a float pullback.
        double[] x = [7.0];
        AssertShortAdjointThrows("cAdjoint", () => LoopModels.HornerPullback([1, 2, 3], 0.5, 1.0, new double[2], ref x[0]), x);
        float bF = 7;
        ArgumentException floatError = Assert.ThrowsAny<ArgumentException>(() => LoopModelsFloat.LogisticRegressionFPullback(
            [0.5f, -0.25f, 1.0f], 0.1f, LoopModelsFloat.LogisticXs, LoopModelsFloat.LogisticLabels, 1.0f, new float[2], ref bF));
        Assert.Equal("wAdjoint", floatError.ParamName);
        Assert.Equal(7f, bF);
    }

    [Fact]
    public void LongerAdjointSpanIsAcceptedAndOnlyItsFirstElementsChange()
    {
        double[] xs = LoopModels.LogisticXs, labels = LoopModels.LogisticLabels;
        double[] exact = [0.25, -0.5, 1.5];
        double exactB = 2.0;
        double value = LoopModels.LogisticRegressionPullback(W, 0.1, xs, labels, -2.0, exact, ref exactB);

        double[] longer = [0.25, -0.5, 1.5, 42.0, double.NaN, -0.0];
        double longerB = 2.0;
        double longerValue = LoopModels.LogisticRegressionPullback(W, 0.1, xs, labels, -2.0, longer, ref longerB);

        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(longerValue));
        AssertBits([.. exact, 42.0, double.NaN, -0.0], longer);
        Assert.Equal(exactB, longerB);
        Assert.NotEqual([0.25, -0.5, 1.5], exact); // the first elements did change

        // Two span adjoints, both longer, with a tape (Horner) and with a stackalloc buffer (Mlp).
        double[] c = [1, -2, 0.5];
        double[] cAdjoint = [1, 1, 1, 99, 98];
        double xAdjoint = 0;
        LoopModels.HornerPullback(c, 0.5, 1.0, cAdjoint, ref xAdjoint);
        AssertBits([1 + 1, 1 + 0.5, 1 + 0.25, 99, 98], cAdjoint);
        Assert.Equal(-2 + 2 * 0.5 * 0.5, xAdjoint, 15);

        double[] w1 = [0.5, -0.3, 0.8, 0.1, -1.2, 0.4], b1 = [0.1, -0.2, 0.3], w2 = [1.0, -0.7, 0.5];
        double[] dw1 = new double[6], db1 = new double[3], dw2 = new double[3];
        double db2 = 0;
        LoopModels.MlpPullback(w1, b1, w2, 0.05, LoopModels.MlpX, LoopModels.MlpY, 1.0, dw1, db1, dw2, ref db2);
        double[] longW1 = [.. new double[6], 5], longB1 = [.. new double[3], 6, 7], longW2 = [.. new double[3], 8];
        double longB2 = 0;
        LoopModels.MlpPullback(w1, b1, w2, 0.05, LoopModels.MlpX, LoopModels.MlpY, 1.0, longW1, longB1, longW2, ref longB2);
        AssertBits([.. dw1, 5], longW1);
        AssertBits([.. db1, 6, 7], longB1);
        AssertBits([.. dw2, 8], longW2);
        Assert.Equal(db2, longB2);
    }

    [Fact]
    public void GradientReturnsNewArraysOfThePrimalsLength()
    {
        double[] xs = LoopModels.LogisticXs, labels = LoopModels.LogisticLabels;
        double[] w = (double[])W.Clone();
        (double[] first, double firstB) = LoopModels.LogisticRegressionGradient(w, 0.1, xs, labels);
        (double[] second, double secondB) = LoopModels.LogisticRegressionGradient(w, 0.1, xs, labels);
        Assert.Equal(w.Length, first.Length);
        Assert.NotSame(first, second);
        Assert.NotSame(w, first);
        AssertBits(first, second);
        Assert.Equal(firstB, secondB);

        // The caller owns the array it got: changing it does not change the next result.
        first[0] = 1e300;
        AssertBits(second, LoopModels.LogisticRegressionGradient(w, 0.1, xs, labels).w);
        (double _, (double[] fromValueAndGradient, double _)) = LoopModels.LogisticRegressionValueAndGradient(w, 0.1, xs, labels);
        Assert.NotSame(second, fromValueAndGradient);
        AssertBits(second, fromValueAndGradient);

        // k == 1 with a span parameter: a new double[] the length of the span (here a slice of a longer array).
        double[] storage = [9, -1.2, 1.0, 0.5, 9];
        double[] g1 = LoopModels.RosenbrockNGradient(storage.AsSpan(1, 3));
        double[] g2 = LoopModels.RosenbrockNGradient(storage.AsSpan(1, 3));
        Assert.Equal(3, g1.Length);
        Assert.NotSame(g1, g2);
        AssertBits(g1, g2);
        double[] analytic = LoopModels.RosenbrockNAnalytic([-1.2, 1.0, 0.5]);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(analytic[i], g1[i], 1e-12 * Math.Max(1, Math.Abs(analytic[i]))));

        // Two array parameters: two distinct new arrays, distinct from the inputs, of their own lengths.
        double[] a = [1, 2, 3], b = [4, 5, 6];
        (double[] da, double[] db) = LoopModels.DotProductGradient(a, b);
        Assert.NotSame(da, db);
        Assert.NotSame(a, db); // the gradient of a is b's values, but not b itself
        Assert.NotSame(b, da);
        Assert.Equal(b, da);
        Assert.Equal(a, db);

        // Empty arrays: empty gradients, value 0.
        (double emptyValue, (double[] ea, double[] eb)) = LoopModels.DotProductValueAndGradient([], []);
        Assert.Equal(0.0, emptyValue);
        Assert.Empty(ea);
        Assert.Empty(eb);

        // float: a new float[].
        float[] f = [0.5f, -1f, 2f];
        float[] gf1 = LoopArrays.ForeachArrayFGradient(f), gf2 = LoopArrays.ForeachArrayFGradient(f);
        Assert.Equal(3, gf1.Length);
        Assert.NotSame(gf1, gf2);
        Assert.NotSame(f, gf1);
    }

    [Fact]
    public void GeneratedMembersDoNotWriteToTheirInputs()
    {
        // Writable Span parameters and arrays, and a method that overwrites a local copy of its input in place.
        double[] a = [0.5, -1, 2], b = [0.3, 1.5, -0.4], c = [0.1, -0.2, 0.7];
        double[] p = (double[])LoopArrays.SpanKindsP.Clone(), q = (double[])LoopArrays.SpanKindsQ.Clone(),
            r = (double[])LoopArrays.SpanKindsR.Clone();
        double[][] inputs = [a, b, c, p, q, r];
        double[][] before = inputs.Select(v => (double[])v.Clone()).ToArray();

        LoopArrays.SpanKindsGradient(a, b, c, p, q, r);
        LoopArrays.SpanKindsValueAndGradient(a, b, c, p, q, r);
        LoopArrays.SpanKindsPullback(a, b, c, p, q, r, 1.0, new double[3], new double[3], new double[3]);
        for (int i = 0; i < inputs.Length; i++)
        {
            AssertBits(before[i], inputs[i]);
        }

        double[] x = [0.5, -1.0, 2.0, 0.3];
        double[] xBefore = (double[])x.Clone();
        LoopArrays.InPlaceSmoothingGradient(x);
        LoopArrays.InPlaceSmoothingPullback(x, 1.0, new double[4]);
        LoopArrays.ForeachSpanPullback(x, 1.0, new double[4]);
        AssertBits(xBefore, x);
    }

    [Fact]
    public void MixedPrecisionValueIsTheDoubleTheFunctionReturns()
    {
        // The float case of MixedPrecision compares values narrowed to float; here the double result's own bits.
        float[] x = [0.5f, 1.5f, -2f];
        double expected = LoopEdges.MixedPrecision(x);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(LoopEdges.MixedPrecisionValueAndGradient(x).Value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected),
            BitConverter.DoubleToInt64Bits(LoopEdges.MixedPrecisionPullback(x, 1.0, new float[3])));
    }
}
