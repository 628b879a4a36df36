using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests.Loops;

#pragma warning disable GG1002 // branches on active values, on purpose

/// <summary>
/// Programs that once got a wrong gradient: a value read by an earlier statement's derivative and overwritten by a
/// later loop (a by-value parameter, a local, a fresh buffer's implicit zero), the untaken side of <c>?:</c>, and a
/// rented buffer indexed with a <c>long</c>. Each was found by differential testing against forward-mode dual
/// numbers; the expected values here are the exact derivatives.
/// </summary>
public static partial class LaterOverwrites
{
    // The parameter x is read by the derivative of t and overwritten by the loop after it.
    [Differentiable(Forward = true)]
    public static double ParameterOverwrittenInLaterLoop(double x)
    {
        double t = x * x;
        for (int i = 0; i < 1; i++)
        {
            x = 0.5;
        }

        return t;
    }

    // A local copied from x, read by t's derivative, then changed by a reduction-shaped loop.
    [Differentiable(Forward = true)]
    public static double LocalIncrementedInLaterLoop(double x)
    {
        double u = x;
        double t = u * u;
        for (int i = 0; i < 1; i++)
        {
            u += 2.0;
        }

        return t;
    }

    // A constant factor of t's derivative overwritten by a later loop.
    [Differentiable(Forward = true)]
    public static double ConstantFactorOverwrittenInLaterLoop(double x)
    {
        double c = 1.0;
        double t = x * c;
        for (int i = 0; i < 1; i++)
        {
            c = 0.5;
        }

        return t;
    }

    // The parameter is overwritten in the same loop that reads it.
    [Differentiable(Forward = true)]
    public static double ParameterOverwrittenAfterItsUse(double x, double y)
    {
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s += x * y;
            x = 1.0;
        }

        return s;
    }

    [Differentiable(Forward = true)]
    public static double Square(double a) => a * a;

    // A call whose argument is the parameter it overwrites: its pullback needs the argument, not the result.
    [Differentiable(Forward = true)]
    public static double CallOverwritesItsArgument(double a)
    {
        for (int i = 0; i < 1; i++)
        {
            a = Square(a);
        }

        return a;
    }

    // A fresh buffer's element is read (still 0) and then written by a later loop.
    [Differentiable(Forward = true)]
    public static double FreshElementOverwrittenInLaterLoop(double x)
    {
        double[] b = new double[1];
        double t = b[0] * x;
        for (int i = 0; i < 1; i++)
        {
            b[i] = 2.0;
        }

        return t;
    }

    // An element read through another index before the loop writes it.
    [Differentiable(Forward = true)]
    public static double ElementReadBeforeItsWrite(double[] x)
    {
        double[] b = new double[x.Length];
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            b[i] = x[i] * x[i];
            s += b[x.Length - 1 - i] * x[i];
        }

        return s;
    }

    // The untaken side would be Exp(1000) = inf: its partial must not meet the zero adjoint.
    [Differentiable(Forward = true)]
    public static double UntakenInfiniteBranch(double x) => x < 10 ? x : Math.Exp(1000 * x);

    // The untaken side indexes b[i - 1] at i = 0: its adjoint update must not run.
    [Differentiable(Forward = true)]
    public static double UntakenOutOfRangeBranch(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double v = i == 0 ? a[i] : b[i - 1];
            s += v * v;
        }

        return s;
    }

    // Sin(x) of the new x (in the condition) and of the old x (in Acos's partial, after x is restored) are two
    // values: the shared-call pass once computed it once, before the restore.
    [Differentiable(Forward = true)]
    public static double SharedCallAcrossARestore(double x)
    {
        x = Math.Acos(Math.Sin(x));
        return Math.Sin(x) < 1 ? x : x;
    }

    // A local array the generated code rents (seen through a span) indexed with a long.
    [Differentiable(Forward = true)]
    public static double LongIndexIntoRentedBuffer(double[] a)
    {
        double[] w = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            w[i] = a[i] * 2;
        }

        long j = 1;
        return w[j] * w[j];
    }
}

public sealed class LaterOverwriteTests
{
    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    private static void Scalar(Func<double, double> f, Func<double, double> gradient, Func<double, (double Value, double Gradient)> valueAndGradient,
        Pullback1 pullback, double x, double expected)
    {
        Assert.Equal(expected, gradient(x), 12);
        (double value, double g) = valueAndGradient(x);
        Assert.Equal(f(x), value);
        Assert.Equal(expected, g, 12);
        double adjoint = 0.25;
        Assert.Equal(f(x), pullback(x, 0.75, ref adjoint));
        Assert.Equal(0.25 + 0.75 * expected, adjoint, 12);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.8)]
    public void ParameterOverwrittenInLaterLoop(double x) => Scalar(LaterOverwrites.ParameterOverwrittenInLaterLoop,
        LaterOverwrites.ParameterOverwrittenInLaterLoopGradient, LaterOverwrites.ParameterOverwrittenInLaterLoopValueAndGradient,
        LaterOverwrites.ParameterOverwrittenInLaterLoopPullback, x, 2 * x);

    [Theory]
    [InlineData(0.8)]
    [InlineData(-2.0)]
    public void LocalIncrementedInLaterLoop(double x) => Scalar(LaterOverwrites.LocalIncrementedInLaterLoop,
        LaterOverwrites.LocalIncrementedInLaterLoopGradient, LaterOverwrites.LocalIncrementedInLaterLoopValueAndGradient,
        LaterOverwrites.LocalIncrementedInLaterLoopPullback, x, 2 * x);

    [Theory]
    [InlineData(0.8)]
    public void ConstantFactorOverwrittenInLaterLoop(double x) => Scalar(LaterOverwrites.ConstantFactorOverwrittenInLaterLoop,
        LaterOverwrites.ConstantFactorOverwrittenInLaterLoopGradient, LaterOverwrites.ConstantFactorOverwrittenInLaterLoopValueAndGradient,
        LaterOverwrites.ConstantFactorOverwrittenInLaterLoopPullback, x, 1.0);

    [Fact]
    public void ParameterOverwrittenAfterItsUse()
    {
        // s = x y + 1 y: ds/dx = y, ds/dy = x + 1.
        (double gx, double gy) = LaterOverwrites.ParameterOverwrittenAfterItsUseGradient(0.8, 0.3);
        Assert.Equal(0.3, gx, 12);
        Assert.Equal(1.8, gy, 12);
        double ax = 1, ay = -1;
        double value = LaterOverwrites.ParameterOverwrittenAfterItsUsePullback(0.8, 0.3, 2.0, ref ax, ref ay);
        Assert.Equal(LaterOverwrites.ParameterOverwrittenAfterItsUse(0.8, 0.3), value);
        Assert.Equal(1 + 0.6, ax, 12);
        Assert.Equal(-1 + 3.6, ay, 12);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.7)]
    public void CallOverwritesItsArgument(double a) => Scalar(LaterOverwrites.CallOverwritesItsArgument,
        LaterOverwrites.CallOverwritesItsArgumentGradient, LaterOverwrites.CallOverwritesItsArgumentValueAndGradient,
        LaterOverwrites.CallOverwritesItsArgumentPullback, a, 2 * a);

    [Fact]
    public void FreshElementOverwrittenInLaterLoop() => Scalar(LaterOverwrites.FreshElementOverwrittenInLaterLoop,
        LaterOverwrites.FreshElementOverwrittenInLaterLoopGradient, LaterOverwrites.FreshElementOverwrittenInLaterLoopValueAndGradient,
        LaterOverwrites.FreshElementOverwrittenInLaterLoopPullback, 0.8, 0.0);

    [Fact]
    public void ElementReadBeforeItsWrite()
    {
        double[] x = [0.5, -1.25, 2.0];
        int n = x.Length;
        // s = sum_i b[n-1-i] x[i], where b[k] = x[k]^2 if k <= i (written already) and 0 otherwise.
        var expected = new double[n];
        for (int i = 0; i < n; i++)
        {
            int k = n - 1 - i;
            if (k > i) continue;
            expected[i] += x[k] * x[k];
            expected[k] += 2 * x[k] * x[i];
        }

        Close(expected, LaterOverwrites.ElementReadBeforeItsWriteGradient(x));
        double[] adjoint = [1.0, 2.0, 3.0];
        double value = LaterOverwrites.ElementReadBeforeItsWritePullback(x, 0.5, adjoint);
        Assert.Equal(LaterOverwrites.ElementReadBeforeItsWrite(x), value);
        Close(expected.Select((g, i) => i + 1 + 0.5 * g).ToArray(), adjoint);
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(-3.0, 1.0)]
    public void UntakenInfiniteBranch(double x, double expected) => Scalar(LaterOverwrites.UntakenInfiniteBranch,
        LaterOverwrites.UntakenInfiniteBranchGradient, LaterOverwrites.UntakenInfiniteBranchValueAndGradient,
        LaterOverwrites.UntakenInfiniteBranchPullback, x, expected);

    [Fact]
    public void UntakenOutOfRangeBranch()
    {
        double[] a = [1.0, 2.0], b = [3.0, 4.0];
        (double[] ga, double[] gb) = LaterOverwrites.UntakenOutOfRangeBranchGradient(a, b);
        Assert.Equal([2.0, 0.0], ga);
        Assert.Equal([6.0, 0.0], gb);
        (double value, _) = LaterOverwrites.UntakenOutOfRangeBranchValueAndGradient(a, b);
        Assert.Equal(LaterOverwrites.UntakenOutOfRangeBranch(a, b), value);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.4)]
    public void SharedCallAcrossARestore(double x) => Scalar(LaterOverwrites.SharedCallAcrossARestore,
        LaterOverwrites.SharedCallAcrossARestoreGradient, LaterOverwrites.SharedCallAcrossARestoreValueAndGradient,
        LaterOverwrites.SharedCallAcrossARestorePullback, x, -Math.Cos(x) / Math.Sqrt(1 - Math.Sin(x) * Math.Sin(x)));

    [Fact]
    public void LongIndexIntoRentedBuffer()
    {
        double[] a = [1.0, 2.0, -0.5];
        // w[1]^2 = 4 a[1]^2.
        Assert.Equal([0.0, 16.0, 0.0], LaterOverwrites.LongIndexIntoRentedBufferGradient(a));
        double[] adjoint = [1.0, 1.0, 1.0];
        Assert.Equal(LaterOverwrites.LongIndexIntoRentedBuffer(a), LaterOverwrites.LongIndexIntoRentedBufferPullback(a, 2.0, adjoint));
        Assert.Equal([1.0, 33.0, 1.0], adjoint);
    }
}
