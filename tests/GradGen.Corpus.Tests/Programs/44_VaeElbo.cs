using System;
using GradGen;

// The negative ELBO of a tiny variational autoencoder with a one-dimensional latent: a linear encoder gives
// the mean and log-variance of q(z|x), z is drawn by the reparameterization trick with fixed noise, a linear
// decoder reconstructs x, and the KL term to N(0, 1) is in closed form.
public static partial class TinyVae
{
    [Differentiable]
    public static double NegativeElbo(double[] encMean, double[] encLogVar, double[] decW, double[] decB,
        [NoDerivative] double[] data, [NoDerivative] double[] noise, int dim)
    {
        int n = noise.Length;
        double total = 0;
        for (int s = 0; s < n; s++)
        {
            double mu = encMean[dim];
            double logVar = encLogVar[dim];
            for (int j = 0; j < dim; j++)
            {
                mu += encMean[j] * data[s * dim + j];
                logVar += encLogVar[j] * data[s * dim + j];
            }
            double z = mu + Math.Exp(0.5 * logVar) * noise[s];

            double reconstruction = 0;
            for (int j = 0; j < dim; j++)
            {
                double xHat = decW[j] * z + decB[j];
                double e = data[s * dim + j] - xHat;
                reconstruction += 0.5 * e * e;
            }
            double kl = 0.5 * (Math.Exp(logVar) + mu * mu - 1 - logVar);
            total += reconstruction + kl;
        }
        return total / n;
    }
}

public static class Harness
{
    private const int Dim = 3, N = 12;

    public static double[] Start() => [0.3, -0.2, 0.4, 0.05, -0.1, 0.2, 0.1, -0.5, 0.5, -0.4, 0.6, 0.1, 0.0, -0.1];

    private static (double[] Data, double[] Noise) Samples()
    {
        var r = new Random(1);
        var data = new double[N * Dim];
        var noise = new double[N];
        for (int s = 0; s < N; s++)
        {
            double latent = 2 * r.NextDouble() - 1;
            data[s * Dim] = latent + 0.1 * r.NextDouble();
            data[s * Dim + 1] = -0.5 * latent + 0.1 * r.NextDouble();
            data[s * Dim + 2] = 0.8 * latent + 0.1 * r.NextDouble();
            noise[s] = Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
        }
        return (data, noise);
    }

    public static double Loss(double[] t)
    {
        var (data, noise) = Samples();
        return TinyVae.NegativeElbo(t[..(Dim + 1)], t[(Dim + 1)..(2 * Dim + 2)], t[(2 * Dim + 2)..(3 * Dim + 2)], t[(3 * Dim + 2)..], data, noise, Dim);
    }

    public static double[] Gradient(double[] t)
    {
        var (data, noise) = Samples();
        var (value, g) = TinyVae.NegativeElboValueAndGradient(t[..(Dim + 1)], t[(Dim + 1)..(2 * Dim + 2)], t[(2 * Dim + 2)..(3 * Dim + 2)], t[(3 * Dim + 2)..], data, noise, Dim);
        _ = value;
        return [.. g.encMean, .. g.encLogVar, .. g.decW, .. g.decB];
    }
}
