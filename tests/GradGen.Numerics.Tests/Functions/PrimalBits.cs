using Xunit;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// The value a generated member returns is the method's own, to the bit: the derivative code may be rearranged,
/// the user's statements may not. <c>t += -x + (y + t)</c> was once printed as <c>t -= x - y - t</c>, which rounds
/// differently from <c>t - (x - (y + t))</c>.
/// </summary>
public static partial class PrimalBits
{
    [Differentiable(Forward = true)]
    public static double NegatedSumAdded(double x, double y)
    {
        double t = x;
        t += -x + (y + t);
        return t;
    }

    [Differentiable(Forward = true)]
    public static double NegatedDifferenceAdded(double x, double y)
    {
        double t = y;
        t += -x - (y - t) + x * 0.1;
        return t;
    }

    // A held-constant negation, negated: printed as --y (a decrement) once.
    [Differentiable(Forward = true)]
    public static double NegatedHeldNegation(double x, double y) => x * -Gradients.WithoutDerivative(-y);
}

public sealed class PrimalBitsTests
{
    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(-2.0, 0.25)]
    public void NegatedHeldNegationIsNotADecrement(double x, double y)
    {
        double value = PrimalBits.NegatedHeldNegation(x, y);
        Assert.Equal(x * y, value);
        Assert.Equal(value, PrimalBits.NegatedHeldNegationValueAndGradient(x, y).Value);
        // y is held constant: d/dx = y, d/dy = 0.
        Assert.Equal((y, 0.0), PrimalBits.NegatedHeldNegationGradient(x, y));
    }

    [Theory]
    [InlineData(-0.792, 0.985)]
    [InlineData(0.1, 0.7)]
    [InlineData(1e-3, -2.5)]
    public void NegatedSumKeepsItsGrouping(double x, double y)
    {
        double value = PrimalBits.NegatedSumAdded(x, y);
        Assert.Equal(value, PrimalBits.NegatedSumAddedValueAndGradient(x, y).Value);
        double ax = 0, ay = 0;
        Assert.Equal(value, PrimalBits.NegatedSumAddedPullback(x, y, 1.0, ref ax, ref ay));
        // t = x + (-x + (y + x)): dt/dx = 1, dt/dy = 1.
        (double gx, double gy) = PrimalBits.NegatedSumAddedGradient(x, y);
        Assert.Equal(1.0, gx, 12);
        Assert.Equal(1.0, gy, 12);
    }

    [Theory]
    [InlineData(-0.792, 0.985)]
    [InlineData(0.3, 0.1)]
    public void NegatedDifferenceKeepsItsGrouping(double x, double y)
    {
        double value = PrimalBits.NegatedDifferenceAdded(x, y);
        Assert.Equal(value, PrimalBits.NegatedDifferenceAddedValueAndGradient(x, y).Value);
        double ax = 0, ay = 0;
        Assert.Equal(value, PrimalBits.NegatedDifferenceAddedPullback(x, y, 1.0, ref ax, ref ay));
        // t = y + (-x - (y - y) + 0.1 x) = y - 0.9 x.
        (double gx, double gy) = PrimalBits.NegatedDifferenceAddedGradient(x, y);
        Assert.Equal(-0.9, gx, 12);
        Assert.Equal(1.0, gy, 12);
    }
}
