using Xunit;

#pragma warning disable GG1001 // the indices are steps on purpose
#pragma warning disable CS0162 // the tester's shape: a loop that returns in its first pass

namespace GradGen.Numerics.Tests.Functions;

/// <summary>An element write whose index reads the array it writes (<c>w[(int)w[0]] = t</c>): the reverse sweep must use the
/// element the write chose, not the one the index names after it (the random tester's seed 20261215 found this).</summary>
public static partial class SelfIndexedWrites
{
    [Differentiable]
    public static float Buffered(float x)
    {
        float t0 = x;
        for (int j = 0; j < 1; j++)
        {
            float[] w = new float[2];
            w[(int)w[0]] = t0;
            foreach (float v in w)
            {
                for (uint i = 0; i < 1; i++)
                {
                    return w[0];
                }
            }
        }

        return 1f;
    }

    [Differentiable]
    public static double Chosen(double x, double y)
    {
        var w = new double[3];
        w[(int)w[0]] = x;
        w[(int)w[0]] += y * x;
        w[2] = w[(int)Math.Min(w[0], 1.0)] * y;
        return w[0] + w[1] + w[2];
    }
}

public class SelfIndexedWriteTests
{
    [Fact]
    public void TheReverseSweepUsesTheElementTheWriteChose()
    {
        // Buffered returns x: w[0] = x, then w[0] is read.
        Assert.Equal(1f, SelfIndexedWrites.BufferedGradient(1f));
        Assert.Equal(1f, SelfIndexedWrites.BufferedGradient(0.25f));

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
