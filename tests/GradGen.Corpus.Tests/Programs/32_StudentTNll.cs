using System;
using GradGen;

// Fitting a Student-t distribution (location, scale, degrees of freedom) to heavy-tailed data by its
// negative log-likelihood; log Γ is the Lanczos approximation from Numerical Recipes.
public static partial class StudentT
{
    static double LogGamma(double x)
    {
        double[] coef = { 76.18009172947146, -86.50532032941677, 24.01409824083091,
                          -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5 };
        double y = x, tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.Log(tmp);
        double ser = 1.000000000190015;
        for (int j = 0; j < 6; j++)
            ser += coef[j] / ++y;
        return -tmp + Math.Log(2.5066282746310005 * ser / x);
    }

    [Differentiable]
    public static double Nll(double location, double logScale, double logDof, [NoDerivative] double[] data)
    {
        double nu = Math.Exp(logDof);
        double sigma = Math.Exp(logScale);
        double logNorm = LogGamma((nu + 1) / 2) - LogGamma(nu / 2) - 0.5 * Math.Log(nu * Math.PI) - logScale;
        double nll = 0;
        foreach (double x in data)
        {
            double z = (x - location) / sigma;
            nll -= logNorm - (nu + 1) / 2 * Math.Log(1 + z * z / nu);
        }
        return nll / data.Length;
    }
}

public static class Harness
{
    public static double[] Start() => [0.1, -0.2, 1.2];

    private static double[] Data()
    {
        var r = new Random(1);
        var data = new double[40];
        for (int i = 0; i < data.Length; i++)
        {
            // a Cauchy-ish sample: ratio of uniforms, kept moderate
            double u = r.NextDouble() - 0.5;
            data[i] = 0.3 + 0.8 * Math.Tan(0.9 * Math.PI * u);
        }
        return data;
    }

    public static double Loss(double[] t) => StudentT.Nll(t[0], t[1], t[2], Data());

    public static double[] Gradient(double[] t)
    {
        var g = StudentT.NllGradient(t[0], t[1], t[2], Data());
        return [g.location, g.logScale, g.logDof];
    }
}
