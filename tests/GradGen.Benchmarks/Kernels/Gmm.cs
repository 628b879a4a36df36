using GradGen;

namespace GradGen.Benchmarks;

/// <summary>
/// ADBench's Gaussian mixture model objective with its Wishart prior (Srajer, Schkufza, Fitzgibbon 2018, "A Benchmark of
/// Selected Algorithmic Differentiation Tools on Some Problems in Computer Vision and Machine Learning"), written the
/// way a user of GradGen would write it: flat <c>double[]</c> arrays, the data <c>[NoDerivative]</c>.
/// <para>
/// K components in d dimensions, n points. <c>alphas</c> (K) are the unnormalized log mixture weights; <c>means</c>
/// (K × d, component by component); <c>icf</c> (K × d(d+1)/2, component by component) parametrizes the inverse
/// Cholesky factor Q_k of each component's covariance: first the logs of its d diagonal entries, then its strictly
/// lower triangular entries column by column (Q[j, i] for i = 0.., j = i+1..); <c>x</c> (n × d, point by point).
/// </para>
/// <para>
/// The log-likelihood with the prior is
/// Σ_i logsumexp_k(α_k + Σ_j q_kj − ½‖Q_k(x_i − μ_k)‖²) − n·logsumexp(α) + Σ_k [½γ²‖Q_k‖²_F − m·Σ_j q_kj] − K·C
/// − n·d·½·log 2π, with C = N·d·(log γ − ½ log 2) − log Γ_d(N/2) and N = d + m + 1.
/// </para>
/// </summary>
public static partial class Gmm
{
    /// <summary>The objective; GradGen differentiates it with respect to alphas, means and icf.</summary>
    [Differentiable]
    public static double Objective(double[] alphas, double[] means, double[] icf,
        [NoDerivative] double[] x, [NoDerivative] double wishartGamma, [NoDerivative] int wishartM)
    {
        int k = alphas.Length;
        int d = means.Length / k;
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;

        // Q_k's diagonal (exp of the log-diagonal) and Σ_j log Q_k[j, j].
        double[] qdiags = new double[k * d];
        double[] sumQs = new double[k];
        for (int ik = 0; ik < k; ik++)
        {
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sumQs[ik] += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
        }

        double[] xcentered = new double[d];
        double[] qxcentered = new double[d];
        double[] mainTerm = new double[k];
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                for (int id = 0; id < d; id++)
                {
                    xcentered[id] = x[ix * d + id] - means[ik * d + id];
                }

                // Q_k (x - μ_k): the diagonal, then the strictly lower triangle column by column.
                for (int id = 0; id < d; id++)
                {
                    qxcentered[id] = qdiags[ik * d + id] * xcentered[id];
                }
                int lower = ik * icfSize + d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        qxcentered[j] += icf[lower] * xcentered[i];
                        lower++;
                    }
                }

                double squaredNorm = 0;
                for (int id = 0; id < d; id++)
                {
                    squaredNorm += qxcentered[id] * qxcentered[id];
                }
                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * squaredNorm;
            }
            slse += LogSumExp(mainTerm);
        }

        double lseAlphas = LogSumExp(alphas);
        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        return constant + slse - n * lseAlphas + LogWishartPrior(d, k, wishartGamma, wishartM, sumQs, qdiags, icf);
    }

    /// <summary>log Σ exp(v_i), stabilized by the maximum.</summary>
    private static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = v[0];
        for (int i = 1; i < v.Length; i++)
        {
            max = Math.Max(max, v[i]);
        }
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += Math.Exp(v[i] - max);
        }
        return Math.Log(sum) + max;
    }

    /// <summary>The log of the Wishart prior over the K precision factors (up to what does not depend on them, plus −K·C).</summary>
    private static double LogWishartPrior(int d, int k, [NoDerivative] double gamma, int m,
        ReadOnlySpan<double> sumQs, ReadOnlySpan<double> qdiags, ReadOnlySpan<double> icf)
    {
        int icfSize = d * (d + 1) / 2;
        double result = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++)
            {
                frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
            }
            for (int i = d; i < icfSize; i++)
            {
                frobenius += icf[ik * icfSize + i] * icf[ik * icfSize + i];
            }
            result += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
        }
        return result - k * WishartConstant(d, gamma, m);
    }

    /// <summary>C = N·d·(log γ − ½ log 2) − log Γ_d(N/2), N = d + m + 1: a constant of the data.</summary>
    public static double WishartConstant(int d, double gamma, int m)
    {
        int dof = d + m + 1;
        return dof * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(0.5 * dof, d);
    }

    /// <summary>log Γ_p(a) = p(p−1)/4 · log π + Σ_{j=1..p} log Γ(a + (1 − j)/2).</summary>
    public static double LogMultivariateGamma(double a, int p)
    {
        double result = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++)
        {
            result += LogGammaOfHalfInteger(a + 0.5 * (1 - j));
        }
        return result;
    }

    /// <summary>
    /// log Γ(a) for a positive multiple of ½ (the only arguments the Wishart constant needs; .NET has no lgamma):
    /// Γ(a) = (a − 1)(a − 2)···r · Γ(r) with r = 1 or ½, Γ(1) = 1, Γ(½) = √π.
    /// </summary>
    public static double LogGammaOfHalfInteger(double a)
    {
        if (!(a > 0) || Math.Round(2 * a) != 2 * a)
        {
            throw new ArgumentOutOfRangeException(nameof(a), a, "Only positive multiples of 1/2.");
        }
        double result = 0;
        while (a > 1)
        {
            a -= 1;
            result += Math.Log(a);
        }
        return a == 1 ? result : result + 0.5 * Math.Log(Math.PI);
    }
}
