using GradGen.Benchmarks;

namespace GradGen.Benchmarks.Tests;

/// <summary>
/// ADBench's GMM and LSTM objectives on small instances: GradGen's FGradient, FValueAndGradient and FPullback equal the
/// hand-derived gradient (1e-9 relative, max norm), and both agree with central finite differences.
/// </summary>
public class AdBenchGradientTests
{
    private const double Exact = 1e-9;
    private const double FiniteDifferences = 1e-6;

    [Theory]
    [InlineData(1.0, 0)]   // ADBench's γ and m
    [InlineData(1.7, 3)]   // a prior that weighs: the −m Σ q and γ² terms count
    public void Gmm_generated_gradient_equals_hand_derived_and_finite_differences(double gamma, int m)
    {
        var data = AdBenchData.Gmm(d: 2, k: 3, n: 10);
        double[] alphas = data.Alphas, means = data.Means, icf = data.Icf, x = data.X;
        double Objective(double[] p) =>
            Gmm.Objective(p[..alphas.Length], p[alphas.Length..(alphas.Length + means.Length)], p[(alphas.Length + means.Length)..], x, gamma, m);

        double value = Gmm.Objective(alphas, means, icf, x, gamma, m);
        var gAlphas = new double[alphas.Length];
        var gMeans = new double[means.Length];
        var gIcf = new double[icf.Length];
        var scratch = new double[HandWrittenAdBench.GmmScratchLength(data.D, data.K)];
        double handValue = HandWrittenAdBench.Gmm(alphas, means, icf, x, gamma, m, gAlphas, gMeans, gIcf, scratch);
        double[] hand = [.. gAlphas, .. gMeans, .. gIcf];
        Assert.True(Math.Abs(handValue - value) <= 1e-12 * Math.Max(1, Math.Abs(value)), $"hand-written value {handValue:R}, objective {value:R}");

        var (ga, gm, gi) = Gmm.ObjectiveGradient(alphas, means, icf, x, gamma, m);
        AssertRelative(hand, [.. ga, .. gm, .. gi], Exact, "FGradient against the hand-derived gradient");

        var (v, (va, vm, vi)) = Gmm.ObjectiveValueAndGradient(alphas, means, icf, x, gamma, m);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(v));
        AssertRelative(hand, [.. va, .. vm, .. vi], Exact, "FValueAndGradient against the hand-derived gradient");

        // The pullback adds seed · gradient into the adjoints it is given.
        var pa = Filled(alphas.Length, 0.25);
        var pm = Filled(means.Length, 0.25);
        var pi = Filled(icf.Length, 0.25);
        double pv = Gmm.ObjectivePullback(alphas, means, icf, x, gamma, m, 2.0, pa, pm, pi);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(pv));
        AssertRelative(hand.Select(g => 0.25 + 2 * g).ToArray(), [.. pa, .. pm, .. pi], Exact, "FPullback (seed 2, adjoints at 0.25)");

        double[] fd = CentralDifferences(Objective, [.. alphas, .. means, .. icf]);
        AssertRelative(fd, hand, FiniteDifferences, "hand-derived gradient against central differences");
        AssertRelative(fd, [.. ga, .. gm, .. gi], FiniteDifferences, "FGradient against central differences");
    }

    [Fact]
    public void Lstm_generated_gradient_equals_hand_derived_and_finite_differences()
    {
        var data = AdBenchData.Lstm(layers: 2, c: 4, b: 3);
        double[] main = data.MainParams, extra = data.ExtraParams, state = data.State, sequence = data.Sequence;
        double[] stateBefore = (double[])state.Clone();
        double Objective(double[] p) => Lstm.Objective(p[..main.Length], p[main.Length..], state, sequence, data.Layers);

        double value = Lstm.Objective(main, extra, state, sequence, data.Layers);
        Assert.Equal(stateBefore, state); // the objective works on a copy of the state
        var gMain = new double[main.Length];
        var gExtra = new double[extra.Length];
        var scratch = new double[HandWrittenAdBench.LstmScratchLength(data.Layers, data.B, data.C)];
        double handValue = HandWrittenAdBench.Lstm(main, extra, state, sequence, data.Layers, gMain, gExtra, scratch);
        double[] hand = [.. gMain, .. gExtra];
        Assert.True(Math.Abs(handValue - value) <= 1e-12 * Math.Max(1, Math.Abs(value)), $"hand-written value {handValue:R}, objective {value:R}");

        var (gm, ge) = Lstm.ObjectiveGradient(main, extra, state, sequence, data.Layers);
        AssertRelative(hand, [.. gm, .. ge], Exact, "FGradient against the hand-derived gradient");

        var (v, (vm, ve)) = Lstm.ObjectiveValueAndGradient(main, extra, state, sequence, data.Layers);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(v));
        AssertRelative(hand, [.. vm, .. ve], Exact, "FValueAndGradient against the hand-derived gradient");

        var pm = Filled(main.Length, -0.5);
        var pe = Filled(extra.Length, -0.5);
        double pv = Lstm.ObjectivePullback(main, extra, state, sequence, data.Layers, 3.0, pm, pe);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(pv));
        AssertRelative(hand.Select(g => -0.5 + 3 * g).ToArray(), [.. pm, .. pe], Exact, "FPullback (seed 3, adjoints at -0.5)");
        Assert.Equal(stateBefore, state);

        double[] fd = CentralDifferences(Objective, [.. main, .. extra]);
        AssertRelative(fd, hand, FiniteDifferences, "hand-derived gradient against central differences");
        AssertRelative(fd, [.. gm, .. ge], FiniteDifferences, "FGradient against central differences");
    }

    [Fact]
    public void Wishart_constant_uses_exact_log_gamma_of_half_integers()
    {
        Assert.Equal(0.5 * Math.Log(Math.PI), Gmm.LogGammaOfHalfInteger(0.5), 14);
        Assert.Equal(0.0, Gmm.LogGammaOfHalfInteger(1), 14);
        Assert.Equal(Math.Log(24), Gmm.LogGammaOfHalfInteger(5), 13);
        Assert.Equal(Math.Log(1.5 * 0.5 * Math.Sqrt(Math.PI)), Gmm.LogGammaOfHalfInteger(2.5), 13);
        // log Γ_2(a) = ½ log π + log Γ(a) + log Γ(a − ½); with d = 2, m = 0: N = 3, a = 3/2.
        double expected = 0.5 * Math.Log(Math.PI) + Math.Log(0.5 * Math.Sqrt(Math.PI)) + 0;
        Assert.Equal(expected, Gmm.LogMultivariateGamma(1.5, 2), 13);
    }

    [Fact]
    public void Benchmark_setups_verify_the_smallest_instances()
    {
        Infrastructure.GradientCheck.Verbose = false;
        new Suites.GmmBenchmarks { Problem = new Suites.GmmBenchmarks.Size(2, 5, 1000) }.Setup();
        new Suites.LstmBenchmarks { Layers = 2, Characters = 1024 }.Setup();
        new Suites.DirectionalDerivativeBenchmarks().Setup();
    }

    private static double[] Filled(int length, double value)
    {
        var a = new double[length];
        Array.Fill(a, value);
        return a;
    }

    private static double[] CentralDifferences(Func<double[], double> f, double[] p)
    {
        var result = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(p[i]));
            double[] plus = (double[])p.Clone(), minus = (double[])p.Clone();
            plus[i] += h;
            minus[i] -= h;
            result[i] = (f(plus) - f(minus)) / (plus[i] - minus[i]);
        }
        return result;
    }

    /// <summary>‖actual − expected‖∞ ≤ tolerance · max(1, ‖expected‖∞).</summary>
    private static void AssertRelative(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        int worst = 0;
        double error = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs(actual[i] - expected[i]);
            if (!(e <= error))
            {
                error = e;
                worst = i;
            }
        }
        Assert.True(error <= tolerance * scale,
            $"{what}: entry {worst} is {actual[worst]:R}, expected {expected[worst]:R} (max error {error:E2}, scale {scale:E2}, tolerance {tolerance:E0})");
    }
}
