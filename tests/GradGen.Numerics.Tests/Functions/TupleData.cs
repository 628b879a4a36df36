using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Data held as arrays of tuples, never differentiated: deconstructed by foreach, iterated with the tuple as the
/// loop variable, indexed, measured; its elements read in place.</summary>
public static partial class TupleData
{
    private static readonly (int User, int Item, double Rating)[] Ratings = [(0, 1, 4.0), (1, 0, 2.5), (1, 1, 1.0), (0, 0, 3.0), (2, 1, -1.0)];

    private static readonly (double X, double Weight)[] Samples = [(0.5, 1.0), (-1.0, 2.0), (1.5, 0.5)];

    // Rank-one matrix factorization: u[User] v[Item] ≈ Rating, the ratings deconstructed by foreach.
    [Differentiable(Forward = true)]
    public static double Factorization(double[] u, double[] v, (int User, int Item, double Rating)[] ratings)
    {
        double loss = 0;
        foreach (var (i, j, r) in ratings)
        {
            double e = u[i] * v[j] - r;
            loss += e * e;
        }

        return loss;
    }

    public static (double[], double[]) FactorizationAnalytic(double[] u, double[] v, (int User, int Item, double Rating)[] ratings)
    {
        var gu = new double[u.Length];
        var gv = new double[v.Length];
        foreach ((int i, int j, double r) in ratings)
        {
            double e = u[i] * v[j] - r;
            gu[i] += 2 * e * v[j];
            gv[j] += 2 * e * u[i];
        }

        return (gu, gv);
    }

    // The tuple as the loop variable (elements by name), an element by index (by ItemN), Length, and a tuple local copied
    // from an element: f = Σ W exp(w X + b) / n + W_k w X_k.
    [Differentiable(Forward = true)]
    public static double Weighted(double w, double b, (double X, double Weight)[] samples, int k)
    {
        double s = 0;
        foreach (var t in samples)
        {
            s += t.Weight * Math.Exp(w * t.X + b);
        }

        var picked = samples[k];
        return s / samples.Length + samples[k].Item2 * w * picked.X;
    }

    public static (double, double) WeightedAnalytic(double w, double b, (double X, double Weight)[] samples, int k)
    {
        double dw = 0, db = 0;
        foreach (var (x, weight) in samples)
        {
            double e = weight * Math.Exp(w * x + b) / samples.Length;
            dw += e * x;
            db += e;
        }

        return (dw + samples[k].Weight * samples[k].X, db);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return new DoubleCase
        {
            Name = nameof(Factorization),
            Parameters = ["u[0]", "u[1]", "u[2]", "v[0]", "v[1]"],
            Value = p => Factorization(p[..3], p[3..], Ratings),
            Pushforward = (p, t) => FactorizationPushforward(p[..3], p[3..], Ratings, t[..3], t[3..]),
            Gradient = p => { var (gu, gv) = FactorizationGradient(p[..3], p[3..], Ratings); return [.. gu, .. gv]; },
            ValueAndGradient = p => { var (value, (gu, gv)) = FactorizationValueAndGradient(p[..3], p[3..], Ratings); return (value, [.. gu, .. gv]); },
            Pullback = (p, seed, a) => FactorizationPullback(p[..3], p[3..], Ratings, seed, a.AsSpan(0, 3), a.AsSpan(3)),
            Analytic = p => { var (gu, gv) = FactorizationAnalytic(p[..3], p[3..], Ratings); return [.. gu, .. gv]; },
            Points = [[0.5, -1.0, 2.0, 0.1, 1.2], [1.5, 0.25, -0.7, -0.3, 0.8]],
        };
        yield return Case.D2(nameof(Weighted), ["w", "b"], (w, b) => Weighted(w, b, Samples, 1), (w, b) => WeightedGradient(w, b, Samples, 1),
            (w, b) => WeightedValueAndGradient(w, b, Samples, 1),
            (double w, double b, double seed, ref double aw, ref double ab) => WeightedPullback(w, b, Samples, 1, seed, ref aw, ref ab),
            (w, b) => WeightedAnalytic(w, b, Samples, 1), (0.5, 0.1), (-1.0, 0.7), (0.3, -0.4)) with { Pushforward = (p, t) => WeightedPushforward(p[0], p[1], Samples, 1, t[0], t[1]) };
    }
}
