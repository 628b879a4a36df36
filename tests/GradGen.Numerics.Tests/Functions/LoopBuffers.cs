using GradGen.Numerics.Tests.Infrastructure;
using Xunit;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Buffers created per sample inside a loop (and in a branch), as ML code writes them.</summary>
public static partial class LoopBuffers
{
    private static readonly double[][] Xs = [[0.5, -1.0], [1.5, 0.25], [-0.3, 0.8]];
    private static readonly int[] Labels = [2, 0, 1];
    private const int K = 3, D = 2;

    // Softmax regression: W is K x D, row-major; logits are a fresh array per sample.
    [Differentiable(Forward = true)]
    public static double Softmax(double[] w, [NoDerivative] double[][] xs, int[] labels)
    {
        int k = w.Length / xs[0].Length;
        double loss = 0;
        for (int n = 0; n < xs.Length; n++)
        {
            var logits = new double[k];
            double max = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < xs[n].Length; j++) logits[c] += w[c * xs[n].Length + j] * xs[n][j];
                if (logits[c] > max) max = logits[c];
            }

            double sum = 0;
            for (int c = 0; c < k; c++) sum += Math.Exp(logits[c] - max);
            loss += Math.Log(sum) + max - logits[labels[n]];
        }

        return loss / xs.Length;
    }

    public static double[] SoftmaxAnalytic(double[] w, double[][] xs, int[] labels)
    {
        var g = new double[w.Length];
        for (int n = 0; n < xs.Length; n++)
        {
            var z = new double[K];
            for (int c = 0; c < K; c++) for (int j = 0; j < D; j++) z[c] += w[c * D + j] * xs[n][j];
            double max = z.Max(), sum = z.Sum(v => Math.Exp(v - max));
            for (int c = 0; c < K; c++)
            {
                double p = Math.Exp(z[c] - max) / sum - (c == labels[n] ? 1 : 0);
                for (int j = 0; j < D; j++) g[c * D + j] += p * xs[n][j] / xs.Length;
            }
        }

        return g;
    }

    // A buffer created in a branch, of a constant length, read after it is filled.
    [Differentiable(Forward = true)]
    public static double Branchy(double a, double b, bool square)
    {
        double r = a;
        if (square)
        {
            double[] t = new double[2];
            t[0] = a * b;
            t[1] = t[0] * t[0];
            r = t[1] + t[0];
        }

        return r * b;
    }

    public static (double, double) BranchyAnalytic(double a, double b, bool square)
    {
        if (!square) return (b, a);
        double p = a * b, r = p * p + p;
        double dr = 2 * p + 1;
        return (dr * b * b, dr * a * b + r);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(Softmax),
            Parameters = ["w[0]", "w[1]", "w[2]", "w[3]", "w[4]", "w[5]"],
            Value = p => Softmax(p, Xs, Labels),
            Gradient = p => SoftmaxGradient(p, Xs, Labels),
            ValueAndGradient = p => SoftmaxValueAndGradient(p, Xs, Labels),
            Pullback = (p, seed, a) => SoftmaxPullback(p, Xs, Labels, seed, a),
            Pushforward = (p, tangent) => SoftmaxPushforward(p, Xs, Labels, tangent),
            Analytic = p => SoftmaxAnalytic(p, Xs, Labels),
            Points = [[0.5, -1.0, 2.0, 0.1, 0.3, -0.4], [1.5, 0.25, -0.7, 1.5, -0.3, 0.9]],
        };
        foreach (bool square in new[] { true, false })
        {
            yield return Case.D2($"{nameof(Branchy)}({square})", ["a", "b"],
                (a, b) => Branchy(a, b, square), (a, b) => BranchyGradient(a, b, square), (a, b) => BranchyValueAndGradient(a, b, square),
                (double a, double b, double s, ref double aa, ref double ab) => BranchyPullback(a, b, square, s, ref aa, ref ab),
                (a, b) => BranchyAnalytic(a, b, square), (0.5, 1.5), (-2.0, 1.0)) with { Pushforward = (p, tangent) => BranchyPushforward(p[0], p[1], square, tangent[0], tangent[1]) };
        }
    }
}

/// <summary>A buffer created in a loop is created before the loop in generated code: where the loop does not run, a length
/// that would be negative must not throw; where it runs, it throws as C# does.</summary>
public class LoopBufferEdgeTests
{
    [Fact]
    public void ALoopThatDoesNotRunCreatesNothingThatThrows()
    {
        Assert.Equal(0.0, LoopBuffers.Differences([], 0));
        Assert.Equal(0.0, LoopBuffers.DifferencesGradient([], 0).Sum());
        double[] adjoint = [];
        Assert.Equal(0.0, LoopBuffers.DifferencesPullback([], 0, 1.0, adjoint));
    }

    [Fact]
    public void ANegativeLengthThrowsWhereTheUsersCodeWould()
    {
        Assert.Throws<OverflowException>(() => LoopBuffers.Differences([], 1));
        Assert.Throws<OverflowException>(() => LoopBuffers.DifferencesGradient([], 1));
    }

    [Fact]
    public void DifferencesMatchTheAnalyticGradient()
    {
        double[] x = [0.5, 2.0, -1.0, 0.25];
        double[] g = LoopBuffers.DifferencesGradient(x, 2);
        double[] expected = new double[4];
        for (int i = 0; i < 3; i++)
        {
            double d = x[i + 1] - x[i];
            expected[i + 1] += 2 * 2 * d;
            expected[i] -= 2 * 2 * d;
        }

        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], g[i], 12);
    }
}

public static partial class LoopBuffers
{
    [Differentiable(Forward = true)]
    public static double Differences(double[] x, int passes)
    {
        double sum = 0;
        for (int p = 0; p < passes; p++)
        {
            double[] d = new double[x.Length - 1];
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = x[i + 1] - x[i];
                sum += d[i] * d[i];
            }
        }

        return sum;
    }
}

/// <summary>Arrays created from a list of values: initializers, new[] and collection expressions, at the top level and per pass.</summary>
public static partial class ArrayLists
{
    [Differentiable(Forward = true)]
    public static double Poly(double a, double x)
    {
        double[] c = { 1, a * a, 2 };
        int[] order = [2, 0, 1];
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            var p = new[] { x, x * x, a };
            Span<double> q = [p[order[i]], 0.5 * a];
            s += c[i] * p[i] + q[0] * q[1];
        }

        return s;
    }

    // s = 1*x + a^2*x^2 + 2*a + sum_i p[order[i]] * 0.5a, with p = (x, x^2, a), order = (2, 0, 1): 0.5a(a + x + x^2).
    public static (double, double) PolyAnalytic(double a, double x) =>
        (2 * a * x * x + 2 + 0.5 * (a + x + x * x) + 0.5 * a, 1 + 2 * a * a * x + 0.5 * a * (1 + 2 * x));

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(Poly), ["a", "x"], Poly, PolyGradient, PolyValueAndGradient, PolyPullback, PolyAnalytic,
            (0.5, 1.5), (-2.0, 1.0), (3.0, -0.7));
    }
}
