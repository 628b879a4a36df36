namespace GradGen.Benchmarks;

/// <summary>
/// Deterministic inputs for the ADBench objectives, drawn the way ADBench's generators draw them (fixed seed): for the GMM,
/// means uniform on [0, 1), alphas, icf and the points standard normal, γ = 1, m = 0, the draws of a smaller instance a
/// prefix of a larger one's; for the LSTM, parameters and state uniform on [0, 1) and the sequence the bits of a text
/// (b = 14 bits per character, as ADBench's text needs for its '’').
/// </summary>
public static class AdBenchData
{
    /// <summary>The largest K and n of ADBench's GMM instances: the uniform and normal streams are laid out for them.</summary>
    private const int MaxComponents = 200;

    public sealed record GmmInstance(int D, int K, int N, double[] Alphas, double[] Means, double[] Icf, double[] X, double Gamma, int M);

    public sealed record LstmInstance(int Layers, int B, int C, double[] MainParams, double[] ExtraParams, double[] State, double[] Sequence);

    public static GmmInstance Gmm(int d, int k, int n, int seed = 31337)
    {
        if (k > MaxComponents)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"At most {MaxComponents} components.");
        }

        var random = new Random(seed);
        var uniform = new double[MaxComponents * d];
        for (int i = 0; i < uniform.Length; i++)
        {
            uniform[i] = random.NextDouble();
        }

        var normal = new Normal(random);
        int icfSize = d * (d + 1) / 2;
        var alphas = new double[k];
        var means = new double[k * d];
        var icf = new double[k * icfSize];
        var x = new double[n * d];
        for (int i = 0; i < alphas.Length; i++) alphas[i] = normal.Next();
        Array.Copy(uniform, means, means.Length);
        for (int i = 0; i < icf.Length; i++) icf[i] = normal.Next();
        for (int i = 0; i < x.Length; i++) x[i] = normal.Next();
        return new GmmInstance(d, k, n, alphas, means, icf, x, Gamma: 1.0, M: 0);
    }

    public static LstmInstance Lstm(int layers, int c, int b = 14, int seed = 31337)
    {
        var random = new Random(seed);
        var mainParams = new double[8 * layers * b];
        var extraParams = new double[3 * b];
        var state = new double[2 * layers * b];
        for (int i = 0; i < mainParams.Length; i++) mainParams[i] = random.NextDouble();
        for (int i = 0; i < extraParams.Length; i++) extraParams[i] = random.NextDouble();
        for (int i = 0; i < state.Length; i++) state[i] = random.NextDouble();

        // The characters' code points, most significant of the b bits first, the text repeated as far as c needs.
        var sequence = new double[c * b];
        for (int t = 0; t < c; t++)
        {
            int code = Text[t % Text.Length];
            for (int bit = 0; bit < b; bit++)
            {
                sequence[t * b + bit] = (code >> (b - 1 - bit)) & 1;
            }
        }
        return new LstmInstance(layers, b, c, mainParams, extraParams, state, sequence);
    }

    /// <summary>Shakespeare's first sonnet (public domain), ADBench's text too.</summary>
    private const string Text =
        "From fairest creatures we desire increase,\n" +
        "That thereby beauty\u2019s rose might never die,\n" +
        "But as the riper should by time decease,\n" +
        "His tender heir might bear his memory:\n" +
        "But thou contracted to thine own bright eyes,\n" +
        "Feed\u2019st thy light\u2019s flame with self-substantial fuel,\n" +
        "Making a famine where abundance lies,\n" +
        "Thy self thy foe, to thy sweet self too cruel:\n" +
        "Thou that art now the world\u2019s fresh ornament,\n" +
        "And only herald to the gaudy spring,\n" +
        "Within thine own bud buriest thy content,\n" +
        "And, tender churl, mak\u2019st waste in niggarding:\n" +
        "  Pity the world, or else this glutton be,\n" +
        "  To eat the world\u2019s due, by the grave and thee.\n\n";

    /// <summary>Standard normal draws (Box–Muller) from a seeded <see cref="Random"/>.</summary>
    private sealed class Normal(Random random)
    {
        private double _spare;
        private bool _hasSpare;

        public double Next()
        {
            if (_hasSpare)
            {
                _hasSpare = false;
                return _spare;
            }
            double u = 1.0 - random.NextDouble(); // (0, 1]
            double v = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u));
            _spare = r * Math.Sin(2 * Math.PI * v);
            _hasSpare = true;
            return r * Math.Cos(2 * Math.PI * v);
        }
    }
}
