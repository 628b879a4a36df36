using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Methods that call themselves, differentiated through their own pullbacks.</summary>
public static partial class Recursion
{
    // The normal CDF by symmetry (a helper without the attribute), as Black–Scholes code writes it.
    private static double NormCdf(double x)
    {
        if (x < 0) return 1 - NormCdf(-x);
        double t = 1 / (1 + 0.2316419 * x);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI) * poly;
    }

    [Differentiable(Forward = true)]
    public static double Call(double spot, double vol, [NoDerivative] double strike, [NoDerivative] double time)
    {
        double d1 = (Math.Log(spot / strike) + 0.5 * vol * vol * time) / (vol * Math.Sqrt(time));
        double d2 = d1 - vol * Math.Sqrt(time);
        return spot * NormCdf(d1) - strike * NormCdf(d2);
    }

    // The derivative of the approximation itself: for x >= 0, d/dx [1 - phi(x) p(t)] with t = 1 / (1 + a x); even in x.
    private static double NormCdfSlope(double x)
    {
        x = Math.Abs(x);
        const double a = 0.2316419;
        double t = 1 / (1 + a * x);
        double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        double dpoly = 0.319381530 + t * (2 * -0.356563782 + t * (3 * 1.781477937 + t * (4 * -1.821255978 + t * 5 * 1.330274429)));
        double phi = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
        return phi * x * poly + phi * dpoly * a * t * t;
    }

    public static (double, double) CallAnalytic(double spot, double vol, double strike, double time)
    {
        double sq = Math.Sqrt(time);
        double d1 = (Math.Log(spot / strike) + 0.5 * vol * vol * time) / (vol * sq);
        double d2 = d1 - vol * sq;
        double n1 = NormCdfSlope(d1), n2 = NormCdfSlope(d2);
        double dd1dS = 1 / (spot * vol * sq), dd1dv = (vol * time * vol * sq - (Math.Log(spot / strike) + 0.5 * vol * vol * time) * sq) / (vol * sq * vol * sq);
        return (NormCdf(d1) + spot * n1 * dd1dS - strike * n2 * dd1dS,
                spot * n1 * dd1dv - strike * n2 * (dd1dv - sq));
    }

    // Linear recursion of a depth given by the data, with the derivative through every level.
    [Differentiable(Forward = true)]
    public static double Power(double x, int n)
    {
        if (n == 0) return 1;
        double rest = Power(x, n - 1);
        return x * rest;
    }

    // Tree recursion: two self-calls per level.
    [Differentiable(Forward = true)]
    public static double Tree(double x, int depth)
    {
        if (depth == 0) return Math.Sin(x);
        double left = Tree(x * 0.5, depth - 1);
        double right = Tree(x + 1, depth - 1);
        return left * right;
    }

    public static double TreeAnalytic(double x, int depth) => depth == 0 ? Math.Cos(x)
        : 0.5 * TreeAnalytic(x * 0.5, depth - 1) * TreeValue(x + 1, depth - 1) + TreeValue(x * 0.5, depth - 1) * TreeAnalytic(x + 1, depth - 1);

    private static double TreeValue(double x, int depth) => depth == 0 ? Math.Sin(x) : TreeValue(x * 0.5, depth - 1) * TreeValue(x + 1, depth - 1);

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        foreach ((double strike, double time) in new[] { (100.0, 1.0), (120.0, 0.25) })
        {
            yield return new DoubleCase
            {
                Name = $"{nameof(Call)}(K={strike},T={time})",
                Parameters = ["spot", "vol"],
                Value = p => Call(p[0], p[1], strike, time),
                Gradient = p => { var (a, b) = CallGradient(p[0], p[1], strike, time); return [a, b]; },
                ValueAndGradient = p => { var (v, (a, b)) = CallValueAndGradient(p[0], p[1], strike, time); return (v, [a, b]); },
                Pullback = (p, seed, adj) => CallPullback(p[0], p[1], strike, time, seed, ref adj[0], ref adj[1]),
                Pushforward = (p, tangent) => CallPushforward(p[0], p[1], strike, time, tangent[0], tangent[1]),
                Analytic = p => { var (a, b) = CallAnalytic(p[0], p[1], strike, time); return [a, b]; },
                Points = [[100, 0.2], [90, 0.35], [130, 0.15]],
            };
        }

        foreach (int n in new[] { 0, 1, 5 })
        {
            yield return Case.D1($"{nameof(Power)}(n={n})", ["x"], x => Power(x, n), x => PowerGradient(x, n), x => PowerValueAndGradient(x, n),
                (double x, double s, ref double ax) => PowerPullback(x, n, s, ref ax), x => n == 0 ? 0 : n * Math.Pow(x, n - 1), 0.5, -1.5, 2.0) with { Pushforward = (p, tangent) => PowerPushforward(p[0], n, tangent[0]) };
        }

        foreach (int depth in new[] { 1, 3 })
        {
            yield return Case.D1($"{nameof(Tree)}(depth={depth})", ["x"], x => Tree(x, depth), x => TreeGradient(x, depth), x => TreeValueAndGradient(x, depth),
                (double x, double s, ref double ax) => TreePullback(x, depth, s, ref ax), x => TreeAnalytic(x, depth), 0.5, -1.5, 2.0) with { Pushforward = (p, tangent) => TreePushforward(p[0], depth, tangent[0]) };
        }
    }
}
