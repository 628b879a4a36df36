using GradGen.Numerics.Tests.Functions;
using Xunit;

namespace GradGen.Numerics.Tests;

/// <summary>Points at the edge of a function's domain, and the contract's argument checks.</summary>
public sealed class EdgeCaseTests
{
    /// <summary>
    /// d/dy x^y at x = 0, y &gt; 0 is 0 (0^y is identically 0 for y &gt; 0), and d/dx x^y at y = 0 is 0 (x^0 is
    /// identically 1). The textbook rules x^y ln x and y x^(y-1) evaluate to 0 * -inf and 0 * inf = NaN there;
    /// autodiff libraries special-case these points (PyTorch and JAX return 0), because a NaN in one partial poisons
    /// every parameter that shares the pullback (e.g. Pow(x, n) with a run-time n = 0 in a polynomial).
    /// </summary>
    [Theory]
    [InlineData(0.0, 2.0, 0.0, 0.0)] // 0^y, y > 0: both partials 0 (d/dx = y * 0^(y-1) = 0 for y > 1)
    [InlineData(0.0, 0.0, 0.0, double.NaN)] // 0^0 = 1 by Math.Pow; d/dx of x^0 = 1 is 0; d/dy is undefined (x = 0 has no ln)
    [InlineData(2.0, 0.0, 0.0, 0.6931471805599453)] // x^0 = 1: d/dx = 0, d/dy = ln 2
    public void PowGradientAtZeroBaseOrZeroExponent(double x, double y, double expectedX, double expectedY)
    {
        (double gx, double gy) = PowEdge.PowGradient(x, y);
        Assert.Equal(expectedX, gx, 15);
        if (double.IsNaN(expectedY))
        {
            return; // no defined value to demand
        }

        Assert.Equal(expectedY, gy, 15);
    }

    [Fact]
    public void PolynomialTermWithZeroIntExponentAtZero()
    {
        // c * x^n with n = 0 is the constant c: its derivative in x is 0 everywhere, also at x = 0.
        (double gc, double gx) = PowEdge.TermGradient(3.0, 0.0, 0);
        Assert.Equal(1.0, gc); // d/dc c * 0^0 = 1
        Assert.Equal(0.0, gx);
    }

    /// <summary>Where the true derivative is infinite, the gradient is that infinity (one-sided at 0).</summary>
    [Fact]
    public void InfiniteDerivativesAreInfinite()
    {
        Assert.Equal(double.PositiveInfinity, DomainEdges.SqrtGradient(0.0));
        Assert.Equal(double.PositiveInfinity, DomainEdges.CbrtGradient(0.0));
        (double value, double gradient) = DomainEdges.LogValueAndGradient(0.0);
        Assert.Equal(double.NegativeInfinity, value);
        Assert.Equal(double.PositiveInfinity, gradient);
        // 1 / 0: the value and both partials are infinite, as the math says.
        (double q, (double dx, double dy)) = DomainEdges.QuotientValueAndGradient(1.0, 0.0);
        Assert.Equal(double.PositiveInfinity, q);
        Assert.Equal(double.PositiveInfinity, dx);
        Assert.Equal(double.NegativeInfinity, dy);
    }

    /// <summary>
    /// A partial that is infinite where the value is finite (√x, ∛x, x^0.5 at 0, asin at 1) never meets a zero adjoint:
    /// the product rule would give 0 * inf = NaN where the derivative of the whole expression is 0 (x√x = x^1.5).
    /// </summary>
    [Fact]
    public void AZeroAdjointTimesAnInfinitePartialIsZero()
    {
        Assert.Equal(0.0, DomainEdges.XSqrtXGradient(0.0));
        Assert.Equal(0.0, DomainEdges.XXCbrtXGradient(0.0));
        Assert.Equal(0.0, DomainEdges.XRootXGradient(0.0));
        (double dx, double dy) = DomainEdges.ScaledAsinGradient(1.0, 0.0);
        Assert.Equal(0.0, dx);
        Assert.Equal(Math.PI / 2, dy, 15);
        double adjoint = 0.5;
        Assert.Equal(0.0, DomainEdges.XSqrtXPullback(0.0, 1.0, ref adjoint));
        Assert.Equal(0.5, adjoint);
        // Away from 0 the same rule: d/dx x^1.5 = 1.5 sqrt(x).
        Assert.Equal(1.5 * Math.Sqrt(0.49), DomainEdges.XSqrtXGradient(0.49), 14);
    }

    /// <summary>At a kink the derivative of one side is taken: Abs at 0 the right-hand one, Max and Min at a tie the first argument.</summary>
    [Fact]
    public void KinksTakeOneSide()
    {
        Assert.Equal(1.0, DomainEdges.AbsGradient(0.0));
        Assert.Equal((1.0, 0.0), DomainEdges.MaxGradient(1.0, 1.0));
        Assert.Equal((1.0, 0.0), DomainEdges.MinGradient(1.0, 1.0));
        // The argument not selected contributes nothing, even where its own derivative overflows.
        Assert.Equal(1.0, DomainEdges.MinWithOverflowGradient(1.0));
        Assert.Equal((1.0, 1.0), DomainEdges.MinWithOverflowValueAndGradient(1.0));
    }

    /// <summary>NaN and infinity in the arguments propagate as the primal's math says; nothing throws.</summary>
    [Fact]
    public void NaNAndInfinityPropagate()
    {
        (double value, double gradient) = DomainEdges.ExpValueAndGradient(double.NaN);
        Assert.True(double.IsNaN(value) && double.IsNaN(gradient));
        Assert.Equal((double.PositiveInfinity, double.PositiveInfinity), DomainEdges.ExpValueAndGradient(double.PositiveInfinity));
        Assert.Equal((0.0, 0.0), DomainEdges.ExpValueAndGradient(double.NegativeInfinity));
        (value, gradient) = DomainEdges.SqrtValueAndGradient(-1.0);
        Assert.True(double.IsNaN(value) && double.IsNaN(gradient));
        (double q, (double dx, double dy)) = DomainEdges.QuotientValueAndGradient(0.0, 0.0);
        Assert.True(double.IsNaN(q) && double.IsNaN(dy));
        Assert.Equal(double.PositiveInfinity, dx);
    }

    /// <summary>Atan2 and Hypot have no derivative at the origin; GradGen uses 0 there, so a function that does not
    /// vary (atan2(0 / z, 0)) gets 0, not 0 * NaN.</summary>
    [Fact]
    public void Atan2AndHypotAtTheOriginGiveZero()
    {
        Assert.Equal(0.0, DomainEdges.Atan2AtTheOriginGradient(1.5, 0.0));
        Assert.Equal(0.0, DomainEdges.Atan2AtTheOriginValueAndGradient(1.5, 0.0).Gradient);
    }

    [Fact]
    public void AnIntConvertedInsideAMathCallCompilesAndDifferentiates()
    {
        Assert.Equal(1.0 / 3.0, DomainEdges.ScaledByFloorGradient(2.0, 3), 15);
        Assert.Equal(DomainEdges.ScaledByFloor(2.0, 3), DomainEdges.ScaledByFloorValueAndGradient(2.0, 3).Value);
    }

    [Fact]
    public void ShortAdjointSpanThrowsArgumentExceptionNamingTheParameter()
    {
        double[] w = [0.5, -1.0, 2.0];
        double[] data = [3.0, -4.0, 0.5];
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => Arrays.DotPullback(w, data, 1.0, new double[2]));
        Assert.Contains("w", e.Message + e.ParamName, StringComparison.Ordinal);
    }

    [Fact]
    public void LongerAdjointSpanIsAccepted()
    {
        // Only a shorter span is an error; the extra element must stay untouched.
        double[] w = [0.5, -1.0, 2.0];
        double[] data = [3.0, -4.0, 0.5];
        double[] adjoints = [1.0, 1.0, 1.0, 42.0];
        Arrays.DotPullback(w, data, 1.0, adjoints);
        Assert.Equal([1.0 + 3.0 - 1.0, 1.0 - 4.0 + 0.5, 1.0 + 0.5, 42.0], adjoints);
    }
}
