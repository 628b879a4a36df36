using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// A reduction over samples that uses local arrays as scratch, each overwritten whole for every sample before it is read (the
/// GMM objective's centered point and its triangular product): the reverse sweep runs inside the sample loop, one sample at a
/// time, so the tape holds one sample's values instead of all of them. Beside it, a loop whose buffer carries the previous
/// sample's values into the next (read before it is overwritten), which must keep its separate reverse loop. Both are checked
/// against hand-derived gradients and finite differences.
/// </summary>
public static partial class ScratchLoops
{
    /// <summary>(1/n) Σₛ log(1 + |y|²) with c = xₛ − w and yⱼ = wⱼcⱼ + Σ_{i&lt;j} wᵢcᵢ.</summary>
    [Differentiable(Forward = true)]
    public static double PerSample(double[] w, [NoDerivative] double[] xs, int n)
    {
        int d = w.Length;
        double[] centered = new double[d];
        double[] scaled = new double[d];
        double total = 0;
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < d; j++) centered[j] = xs[s * d + j] - w[j];
            for (int j = 0; j < d; j++) scaled[j] = w[j] * centered[j];
            for (int i = 0; i < d; i++)
            {
                for (int j = i + 1; j < d; j++) scaled[j] += w[i] * centered[i];
            }

            double norm = 0;
            for (int j = 0; j < d; j++) norm += scaled[j] * scaled[j];
            total += Math.Log(1 + norm);
        }

        return total / n;
    }

    /// <summary>∂yⱼ/∂w_k = c_k − w_k for k ≤ j (through w_k c_k), so ∂/∂w_k = (1/n) Σₛ (c_k − w_k) Σ_{j≥k} 2yⱼ / (1 + |y|²).</summary>
    public static double[] PerSampleAnalytic(double[] w, double[] xs, int n)
    {
        int d = w.Length;
        var gradient = new double[d];
        for (int s = 0; s < n; s++)
        {
            var c = new double[d];
            var y = new double[d];
            for (int j = 0; j < d; j++) c[j] = xs[s * d + j] - w[j];
            for (int j = 0; j < d; j++)
            {
                y[j] = w[j] * c[j];
                for (int i = 0; i < j; i++) y[j] += w[i] * c[i];
            }

            double norm = y.Sum(v => v * v);
            for (int k = 0; k < d; k++)
            {
                double tail = 0;
                for (int j = k; j < d; j++) tail += 2 * y[j] / (1 + norm);
                gradient[k] += (c[k] - w[k]) * tail / n;
            }
        }

        return gradient;
    }

    /// <summary>Σₛ (pₛ₋₁·w)² + pₛ[0] with pₛ = sin(w ∘ xₛ) and p₋₁ = 0: the buffer holds the previous sample's values when the
    /// next sample reads it.</summary>
    [Differentiable(Forward = true)]
    public static double Carried(double[] w, [NoDerivative] double[] xs, int n)
    {
        int d = w.Length;
        double[] previous = new double[d];
        double total = 0;
        for (int s = 0; s < n; s++)
        {
            double dot = 0;
            for (int j = 0; j < d; j++) dot += previous[j] * w[j];
            for (int j = 0; j < d; j++) previous[j] = Math.Sin(w[j] * xs[s * d + j]);
            total += dot * dot + previous[0];
        }

        return total;
    }

    public static double[] CarriedAnalytic(double[] w, double[] xs, int n)
    {
        int d = w.Length;
        var gradient = new double[d];
        for (int s = 0; s < n; s++)
        {
            if (s > 0)
            {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += Math.Sin(w[j] * xs[(s - 1) * d + j]) * w[j];
                for (int k = 0; k < d; k++)
                {
                    double x = xs[(s - 1) * d + k];
                    gradient[k] += 2 * dot * (Math.Sin(w[k] * x) + w[k] * Math.Cos(w[k] * x) * x);
                }
            }

            gradient[0] += Math.Cos(w[0] * xs[s * d]) * xs[s * d];
        }

        return gradient;
    }

    private static readonly double[] Samples = [0.5, -1.0, 1.5, 0.25, 2.0, -0.5, -1.5, 0.75, 1.0, 0.3, -0.2, 1.2];

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        const int n = 4;
        string[] names = ["w[0]", "w[1]", "w[2]"];
        yield return new DoubleCase
        {
            Name = nameof(PerSample),
            Parameters = names,
            Value = p => PerSample(p, Samples, n),
            Gradient = p => PerSampleGradient(p, Samples, n),
            ValueAndGradient = p => PerSampleValueAndGradient(p, Samples, n),
            Pullback = (p, seed, adjoint) => PerSamplePullback(p, Samples, n, seed, adjoint),
            Pushforward = (p, t) => PerSamplePushforward(p, Samples, n, t),
            Analytic = p => PerSampleAnalytic(p, Samples, n),
            Points = [[0.3, -0.7, 1.1], [1.2, 0.4, -0.9], [-0.5, 0.8, 0.2]],
        };
        yield return new DoubleCase
        {
            Name = nameof(Carried),
            Parameters = names,
            Value = p => Carried(p, Samples, n),
            Gradient = p => CarriedGradient(p, Samples, n),
            ValueAndGradient = p => CarriedValueAndGradient(p, Samples, n),
            Pullback = (p, seed, adjoint) => CarriedPullback(p, Samples, n, seed, adjoint),
            Pushforward = (p, t) => CarriedPushforward(p, Samples, n, t),
            Analytic = p => CarriedAnalytic(p, Samples, n),
            Points = [[0.3, -0.7, 1.1], [1.2, 0.4, -0.9], [-0.5, 0.8, 0.2]],
        };
    }
}
