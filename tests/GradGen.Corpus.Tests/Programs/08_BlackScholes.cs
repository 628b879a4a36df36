using System;
using GradGen;

// European call price under Black–Scholes; its gradient is the vector of first-order Greeks
// (delta, dual delta, rho, vega, theta up to sign).
public static partial class BlackScholes
{
    // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7.
    [Differentiable]
    private static double Erf(double x)
    {
        double sign = x < 0 ? -1.0 : 1.0;
        x = Math.Abs(x);
        const double a1 = 0.254829592, a2 = -0.284496736, a3 = 1.421413741, a4 = -1.453152027, a5 = 1.061405429;
        const double p = 0.3275911;
        double t = 1.0 / (1.0 + p * x);
        double y = 1.0 - ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t * Math.Exp(-x * x);
        return sign * y;
    }

    [Differentiable]
    private static double NormCdf(double x) => 0.5 * (1.0 + Erf(x / Math.Sqrt(2.0)));

    [Differentiable]
    public static double CallPrice(double spot, double strike, double rate, double volatility, double maturity)
    {
        double sqrtT = Math.Sqrt(maturity);
        double d1 = (Math.Log(spot / strike) + (rate + 0.5 * volatility * volatility) * maturity) / (volatility * sqrtT);
        double d2 = d1 - volatility * sqrtT;
        return spot * NormCdf(d1) - strike * Math.Exp(-rate * maturity) * NormCdf(d2);
    }
}

public static class Harness
{
    public static double[] Start() => [105.0, 100.0, 0.03, 0.25, 0.75];

    public static double Loss(double[] t) => BlackScholes.CallPrice(t[0], t[1], t[2], t[3], t[4]);

    public static double[] Gradient(double[] t)
    {
        var g = BlackScholes.CallPriceGradient(t[0], t[1], t[2], t[3], t[4]);
        return [g.spot, g.strike, g.rate, g.volatility, g.maturity];
    }
}
