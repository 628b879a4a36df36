namespace GradGen.Corpus.Tests;

/// <summary>Central finite differences and the comparison of a gradient with them.</summary>
public static class FiniteDifferences
{
    /// <summary>The step for component i: 1e-6·max(1, |θᵢ|).</summary>
    public static double Step(double theta) => 1e-6 * Math.Max(1.0, Math.Abs(theta));

    /// <summary>Central differences of <paramref name="loss"/> at <paramref name="theta"/>, with the step scaled by
    /// <paramref name="stepScale"/>.</summary>
    public static double[] Gradient(Func<double[], double> loss, double[] theta, double stepScale = 1.0)
    {
        var fd = new double[theta.Length];
        for (int i = 0; i < theta.Length; i++)
        {
            double h = stepScale * Step(theta[i]);
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[i] += h;
            minus[i] -= h;
            // divide by the step actually taken (θ ± h rounds)
            fd[i] = (loss(plus) - loss(minus)) / (plus[i] - minus[i]);
        }
        return fd;
    }

    /// <summary>A component agrees when |g − fd| ≤ 1e-5·(1 + |fd|).</summary>
    public static bool Agrees(double g, double fd) => Math.Abs(g - fd) <= 1e-5 * (1 + Math.Abs(fd));

    public sealed record Comparison(int Component, double Gradient, double FiniteDifference)
    {
        public double Error => Math.Abs(Gradient - FiniteDifference);
        public double Allowed => 1e-5 * (1 + Math.Abs(FiniteDifference));
        public bool Ok => Agrees(Gradient, FiniteDifference);
        public override string ToString() =>
            $"[{Component}] gradient {Gradient:R}, finite difference {FiniteDifference:R}, |diff| {Error:G3} (allowed {Allowed:G3}){(Ok ? "" : "  <-- off")}";
    }

    public static List<Comparison> Compare(double[] gradient, double[] fd) =>
        Enumerable.Range(0, fd.Length).Select(i => new Comparison(i, gradient[i], fd[i])).ToList();

    /// <summary>The components with the largest error relative to what is allowed, worst first.</summary>
    public static string Worst(IEnumerable<Comparison> comparisons, int count = 8) =>
        string.Join("\n", comparisons.OrderByDescending(c => double.IsNaN(c.Error) ? double.PositiveInfinity : c.Error / c.Allowed)
            .Take(count).Select(c => "    " + c));
}
