using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// Loops whose reverse sweep adds into one adjoint element at an index the loop does not change (a triangular loop's
/// <c>_d_w[i]</c> in its inner loop over j), which GradGen holds in a local for the loop. The outer loop runs one index past
/// the end of the arrays, where the inner loop runs no iterations: the element is not there, and must not be touched.
/// Checked against hand-derived gradients and finite differences.
/// </summary>
public static partial class InvariantCells
{
    /// <summary>Σ_{i ≤ n} Σ_{i ≤ j &lt; n} wᵢ xⱼ² + Σ_{i &lt; n} Σ_{i &lt; j &lt; n, xⱼ &gt; 0} wᵢ wⱼ xⱼ.</summary>
    [Differentiable(Forward = true)]
    public static double PastTheEnd(double[] w, double[] x)
    {
        int n = w.Length;
        double total = 0;
        for (int i = 0; i <= n; i++)
        {
            for (int j = i; j < n; j++)
            {
                total += w[i] * x[j] * x[j];
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                if (x[j] > 0) total += w[i] * w[j] * x[j];
            }
        }

        return total;
    }

    public static double[] PastTheEndAnalytic(double[] w, double[] x)
    {
        int n = w.Length;
        var gradient = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                gradient[i] += x[j] * x[j];
                gradient[n + j] += 2 * w[i] * x[j];
            }

            for (int j = i + 1; j < n; j++)
            {
                if (x[j] <= 0) continue;
                gradient[i] += w[j] * x[j];
                gradient[j] += w[i] * x[j];
                gradient[n + j] += w[i] * w[j];
            }
        }

        return gradient;
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(PastTheEnd),
            Parameters = ["w[0]", "w[1]", "w[2]", "x[0]", "x[1]", "x[2]"],
            Value = p => PastTheEnd(p[..3], p[3..]),
            Gradient = p => { var (w, x) = PastTheEndGradient(p[..3], p[3..]); return [.. w, .. x]; },
            ValueAndGradient = p => { var (value, (w, x)) = PastTheEndValueAndGradient(p[..3], p[3..]); return (value, [.. w, .. x]); },
            Pullback = (p, seed, adjoint) => PastTheEndPullback(p[..3], p[3..], seed, adjoint.AsSpan(0, 3), adjoint.AsSpan(3)),
            Pushforward = (p, t) => PastTheEndPushforward(p[..3], p[3..], t[..3], t[3..]),
            Analytic = p => PastTheEndAnalytic(p[..3], p[3..]),
            Points = [[0.3, -0.7, 1.1, 0.5, -1.2, 0.8], [1.2, 0.4, -0.9, -0.3, 0.6, 1.5], [-0.5, 0.8, 0.2, 1.1, 0.7, -0.4]],
        };
    }
}
