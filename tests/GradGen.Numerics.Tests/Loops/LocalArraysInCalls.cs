using Xunit;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// A local array passed to a <c>[Differentiable]</c> callee: rented in generated code when the callee takes a span
/// (the pullback allocates nothing), allocated as the method itself allocates it when the callee takes an array
/// (a pooled array is longer than asked, and the callee would see the wrong <c>Length</c>).
/// </summary>
public static partial class LocalArraysInCalls
{
    [Differentiable(Forward = true)]
    public static double LogSumExpOfSpan(ReadOnlySpan<double> z)
    {
        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            s += Math.Exp(z[i]);
        }

        return Math.Log(s);
    }

    [Differentiable(Forward = true)]
    public static double LogSumExpOfArray(double[] z)
    {
        double s = 0;
        for (int i = 0; i < z.Length; i++)
        {
            s += Math.Exp(z[i]);
        }

        return Math.Log(s);
    }

    // Softmax cross-entropy of a linear layer's logits, the logits in a local array handed to a span callee.
    [Differentiable(Forward = true)]
    public static double CrossEntropyThroughSpan(double[] w, [NoDerivative] double[] x, int label)
    {
        double[] logits = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            logits[i] = w[i] * x[i];
        }

        return LogSumExpOfSpan(logits) - logits[label];
    }

    // The same with a callee that takes double[].
    [Differentiable(Forward = true)]
    public static double CrossEntropyThroughArray(double[] w, [NoDerivative] double[] x, int label)
    {
        double[] logits = new double[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            logits[i] = w[i] * x[i];
        }

        return LogSumExpOfArray(logits) - logits[label];
    }
}

public sealed class LocalArraysInCallsTests
{
    private static readonly double[] W = [0.3, -0.2, 0.9, 0.1];
    private static readonly double[] X = [1.0, 2.0, -0.5, 3.0];
    private const int Label = 2;

    private static double[] Expected()
    {
        double[] z = W.Select((w, i) => w * X[i]).ToArray();
        double sum = z.Sum(Math.Exp);
        return z.Select((v, i) => (Math.Exp(v) / sum - (i == Label ? 1 : 0)) * X[i]).ToArray();
    }

    private static long BytesPerCall(Func<double> pullback)
    {
        for (int i = 0; i < 200; i++) pullback();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) pullback();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
    }

    [Fact]
    public void GradientsAreExactEitherWay()
    {
        double[] expected = Expected();
        double[] throughSpan = LocalArraysInCalls.CrossEntropyThroughSpanGradient(W, X, Label);
        double[] throughArray = LocalArraysInCalls.CrossEntropyThroughArrayGradient(W, X, Label);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], throughSpan[i], 12);
            Assert.Equal(expected[i], throughArray[i], 12);
        }

        Assert.Equal(LocalArraysInCalls.CrossEntropyThroughSpan(W, X, Label), LocalArraysInCalls.CrossEntropyThroughSpanValueAndGradient(W, X, Label).Value);
        Assert.Equal(LocalArraysInCalls.CrossEntropyThroughArray(W, X, Label), LocalArraysInCalls.CrossEntropyThroughArrayValueAndGradient(W, X, Label).Value);
    }

    [Fact]
    public void ALocalArrayPassedAsASpanIsRentedAndThePullbackAllocatesNothing()
    {
        double[] adjoint = new double[W.Length];
        Assert.Equal(0, BytesPerCall(() => LocalArraysInCalls.CrossEntropyThroughSpanPullback(W, X, Label, 1.0, adjoint)));
    }

    [Fact]
    public void ALocalArrayPassedAsAnArrayIsAllocatedOnceAsTheMethodDoes()
    {
        // The method's own new double[4] (24 bytes of header and length plus 4 elements), and nothing else: the
        // adjoint of the array is rented.
        double[] adjoint = new double[W.Length];
        long own = BytesPerCall(() => LocalArraysInCalls.CrossEntropyThroughArray(W, X, Label));
        Assert.Equal(24 + 8 * W.Length, own);
        Assert.Equal(own, BytesPerCall(() => LocalArraysInCalls.CrossEntropyThroughArrayPullback(W, X, Label, 1.0, adjoint)));
    }
}
