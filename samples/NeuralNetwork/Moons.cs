namespace NeuralNetwork;

/// <summary>The two-moons data set: two interleaved half circles, not separable by a line.</summary>
public static class Moons
{
    /// <summary>
    /// <paramref name="count"/> points, half on the upper moon (label 0) and half on the lower (label 1),
    /// with Gaussian noise of σ = <paramref name="noise"/> on each coordinate.
    /// </summary>
    public static Data Make(int count = 400, double noise = 0.15, int seed = 7)
    {
        var random = new Random(seed);
        var x0 = new double[count];
        var x1 = new double[count];
        var labels = new double[count];
        for (int i = 0; i < count; i++)
        {
            double t = Math.PI * random.NextDouble();
            bool lower = i % 2 == 1;
            x0[i] = (lower ? 1 - Math.Cos(t) : Math.Cos(t)) + noise * Gaussian(random);
            x1[i] = (lower ? 0.5 - Math.Sin(t) : Math.Sin(t)) + noise * Gaussian(random);
            labels[i] = lower ? 1 : 0;
        }

        return new Data(x0, x1, labels);
    }

    /// <summary>A standard normal number (Box–Muller).</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

/// <summary>Points (X0[i], X1[i]) with labels 0 or 1.</summary>
public sealed record Data(double[] X0, double[] X1, double[] Labels)
{
    /// <summary>How many points.</summary>
    public int Count => Labels.Length;
}
