using GradGen.Numerics.Tests.Functions;
using GradGen.Numerics.Tests.Loops;
using Xunit;

namespace GradGen.Numerics.Tests;

/// <summary>
/// Forward mode at the edges, where it must say what reverse mode says (<see cref="EdgeCaseTests"/>): infinite derivatives
/// stay infinite, a zero tangent never meets an infinite partial and a possibly infinite tangent never a zero partial, kinks
/// take the same side, NaN propagates; and the contract's checks of the tangents' lengths.
/// </summary>
public sealed class PushforwardEdgeTests
{
    [Fact]
    public void InfiniteDerivativesAreInfinite()
    {
        Assert.Equal((0.0, double.PositiveInfinity), DomainEdges.SqrtPushforward(0.0, 1.0));
        Assert.Equal((0.0, double.PositiveInfinity), DomainEdges.CbrtPushforward(0.0, 1.0));
        Assert.Equal((double.NegativeInfinity, double.PositiveInfinity), DomainEdges.LogPushforward(0.0, 1.0));

        // 1 / 0 has no finite value: its gradient lists ±∞ per coordinate, but a direction sums them, and the zero
        // component times ∞ makes the tangent NaN (division, unlike √x, is not guarded: its partials are infinite only
        // where its value is).
        Assert.Equal(double.PositiveInfinity, DomainEdges.QuotientPushforward(1.0, 0.0, 1.0, 0.0).Value);
    }

    /// <summary>Along a direction that does not move x, √x at 0 contributes nothing; and x√x = x^1.5 has derivative 0 at 0
    /// along any direction (not x · ∞ = NaN), as its gradient does.</summary>
    [Fact]
    public void InfinitePartialsMeetNoZero()
    {
        Assert.Equal(0.0, DomainEdges.SqrtPushforward(0.0, 0.0).Tangent);
        Assert.Equal(0.0, DomainEdges.XSqrtXPushforward(0.0, 1.0).Tangent);
        Assert.Equal(0.0, DomainEdges.XXCbrtXPushforward(0.0, 1.0).Tangent);
        Assert.Equal(0.0, DomainEdges.XRootXPushforward(0.0, 1.0).Tangent);
        Assert.Equal(0.0, DomainEdges.ScaledAsinPushforward(1.0, 0.0, 1.0, 0.0).Tangent);
        Assert.Equal(Math.PI / 2, DomainEdges.ScaledAsinPushforward(1.0, 0.0, 0.0, 1.0).Tangent, 15);
        Assert.Equal(1.5 * Math.Sqrt(0.49), DomainEdges.XSqrtXPushforward(0.49, 1.0).Tangent, 14);
    }

    [Fact]
    public void KinksTakeTheSideReverseModeTakes()
    {
        Assert.Equal(1.0, DomainEdges.AbsPushforward(0.0, 1.0).Tangent);
        Assert.Equal(1.0, DomainEdges.MaxPushforward(1.0, 1.0, 1.0, 0.0).Tangent);
        Assert.Equal(0.0, DomainEdges.MaxPushforward(1.0, 1.0, 0.0, 1.0).Tangent);
        Assert.Equal(1.0, DomainEdges.MinPushforward(1.0, 1.0, 1.0, 0.0).Tangent);
        Assert.Equal(0.0, DomainEdges.MinPushforward(1.0, 1.0, 0.0, 1.0).Tangent);

        // The argument not selected contributes nothing, even where its own tangent overflows.
        Assert.Equal((1.0, 1.0), DomainEdges.MinWithOverflowPushforward(1.0, 1.0));
    }

    [Fact]
    public void NaNAndInfinityPropagate()
    {
        (double value, double tangent) = DomainEdges.ExpPushforward(double.NaN, 1.0);
        Assert.True(double.IsNaN(value) && double.IsNaN(tangent));
        Assert.Equal((double.PositiveInfinity, double.PositiveInfinity), DomainEdges.ExpPushforward(double.PositiveInfinity, 1.0));
        Assert.Equal((0.0, 0.0), DomainEdges.ExpPushforward(double.NegativeInfinity, 1.0));
        Assert.True(double.IsNaN(DomainEdges.SqrtPushforward(-1.0, 1.0).Tangent));
    }

    [Fact]
    public void Atan2AndHypotAtTheOriginGiveZero() =>
        Assert.Equal(0.0, DomainEdges.Atan2AtTheOriginPushforward(1.5, 0.0, 1.0).Tangent);

    [Fact]
    public void PowAtZeroBaseOrZeroExponent()
    {
        Assert.Equal(0.0, PowEdge.PowPushforward(0.0, 2.0, 1.0, 1.0).Tangent);
        Assert.Equal(0.0, PowEdge.PowPushforward(2.0, 0.0, 1.0, 0.0).Tangent);
        Assert.Equal(0.6931471805599453, PowEdge.PowPushforward(2.0, 0.0, 0.0, 1.0).Tangent, 15);
        Assert.Equal(0.0, PowEdge.TermPushforward(3.0, 0.0, 0, 0.0, 1.0).Tangent);
    }

    [Fact]
    public void AShorterTangentIsAnArgumentExceptionNamingIt()
    {
        double[] w = [0.5, -1.0, 2.0];
        double[] data = [3.0, -4.0, 0.5];
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => Arrays.DotPushforward(w, data, new double[2]));
        Assert.Equal("wTangent", e.ParamName);
        Assert.Contains("tangent of 'w'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongerTangentIsAccepted()
    {
        double[] w = [0.5, -1.0, 2.0];
        double[] data = [3.0, -4.0, 0.5];
        double[] gradient = Arrays.DotGradient(w, data);
        double[] tangent = [1.0, 2.0, 3.0, 42.0];
        Assert.Equal(gradient[0] + 2 * gradient[1] + 3 * gradient[2], Arrays.DotPushforward(w, data, tangent).Tangent, 14);
    }

    /// <summary>The tangent of a jagged array has its shape: a shorter row is an ArgumentException that names the tangent.</summary>
    [Fact]
    public void AShorterRowOfAJaggedTangentIsAnArgumentExceptionNamingIt()
    {
        double[][] c = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]];
        double[][] tangent = [new double[2], new double[1], new double[2]];
        var e = Assert.Throws<ArgumentException>(() => Grids.SoftKMeansPushforward(c, [[0.0, 1.0]], 0.5, tangent));
        Assert.Equal("centroidsTangent", e.ParamName);
    }

    [Fact]
    public void ASmallerTwoDimensionalTangentIsAnArgumentExceptionNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Grids.LayerPushforward(new double[2, 3], [[0.0], [0.0, 0.0]], [[1.0, 2.0, 3.0]], new double[2, 2], [[0.0], [0.0, 0.0]]));
        Assert.Equal("wTangent", e.ParamName);
    }
}
