using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

#pragma warning disable GG1001 // the indices are steps on purpose
#pragma warning disable CS0162 // the tester's shape: a loop that returns in its first pass

namespace GradGen.Numerics.Tests.Functions;

/// <summary>An element write whose index reads the array it writes (<c>w[(int)w[0]] = t</c>): the reverse sweep must use the
/// element the write chose, not the one the index names after it (the random tester's seed 20261215 found this).</summary>
public static partial class SelfIndexedWrites
{
    [Differentiable(Forward = true)]
    public static double Buffered(double x)
    {
        double t0 = x;
        for (int j = 0; j < 1; j++)
        {
            double[] w = new double[2];
            w[(int)w[0]] = t0;
            foreach (float v in w)
            {
                for (uint i = 0; i < 1; i++)
                {
                    return w[0];
                }
            }
        }

        return 1;
    }

    [Differentiable(Forward = true)]
    public static double Chosen(double x, double y)
    {
        var w = new double[3];
        w[(int)w[0]] = x;
        w[(int)w[0]] += y * x;
        w[2] = w[(int)Math.Min(w[0], 1.0)] * y;
        return w[0] + w[1] + w[2];
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        // Buffered returns x (w[0] = x, then w[0] is read); Chosen, where (int)x = 1: w = [x, y x, x y²].
        yield return Case.D1(nameof(Buffered), Buffered, BufferedGradient, BufferedValueAndGradient, BufferedPullback, _ => 1, 0.25, 0.75);
        yield return Case.D2(nameof(Chosen), Chosen, ChosenGradient, ChosenValueAndGradient, ChosenPullback,
            (x, y) => (1 + y + y * y, x + 2 * x * y), (1.5, 0.5), (1.25, -2.0));
    }
}

public class SelfIndexedWriteTests
{
    [Fact]
    public void TheReverseSweepUsesTheElementTheWriteChose()
    {
        // Buffered returns x: w[0] = x, then w[0] is read.
        Assert.Equal(1.0, SelfIndexedWrites.BufferedGradient(1.0));
        Assert.Equal(1.0, SelfIndexedWrites.BufferedGradient(0.25));

        // Chosen at x = 1.5 (so (int)w[0] = 1 after the first write): w = [x, y x, y x y]; value x + y x + x y².
        foreach ((double x, double y) in new[] { (1.5, 0.5), (1.25, -2.0) })
        {
            var (gx, gy) = SelfIndexedWrites.ChosenGradient(x, y);
            Assert.Equal(1 + y + y * y, gx, 12);
            Assert.Equal(x + 2 * x * y, gy, 12);
            Assert.Equal(x + y * x + x * y * y, SelfIndexedWrites.Chosen(x, y), 12);
        }
    }
}
