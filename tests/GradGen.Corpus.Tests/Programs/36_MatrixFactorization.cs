using System;
using GradGen;

// Collaborative filtering by matrix factorization: ratings ≈ user · item factors, with L2 regularization.
// Ratings come as (user, item, rating) tuples; factors are row-major (entity × rank).
public static partial class MatrixFactorization
{
    [Differentiable]
    public static double Loss(double[] userFactors, double[] itemFactors,
        (int User, int Item, double Rating)[] ratings, int rank, [NoDerivative] double reg)
    {
        double loss = 0;
        foreach (var (u, i, r) in ratings)
        {
            double pred = 0;
            for (int f = 0; f < rank; f++)
                pred += userFactors[u * rank + f] * itemFactors[i * rank + f];
            loss += (r - pred) * (r - pred);
        }

        double norm = 0;
        foreach (var v in userFactors) norm += v * v;
        foreach (var v in itemFactors) norm += v * v;
        return loss + reg * norm;
    }
}

public static class Harness
{
    private const int Users = 4, Items = 5, Rank = 2;

    public static double[] Start()
    {
        var r = new Random(2);
        var t = new double[(Users + Items) * Rank];
        for (int i = 0; i < t.Length; i++) t[i] = r.NextDouble() - 0.3;
        return t;
    }

    private static (int, int, double)[] Ratings()
    {
        var r = new Random(1);
        var list = new System.Collections.Generic.List<(int, int, double)>();
        for (int u = 0; u < Users; u++)
            for (int i = 0; i < Items; i++)
                if ((u + 2 * i) % 3 != 0)
                    list.Add((u, i, 1 + 4 * r.NextDouble()));
        return list.ToArray();
    }

    public static double Loss(double[] t) =>
        MatrixFactorization.Loss(t[..(Users * Rank)], t[(Users * Rank)..], Ratings(), Rank, 0.05);

    public static double[] Gradient(double[] t)
    {
        var g = MatrixFactorization.LossGradient(t[..(Users * Rank)], t[(Users * Rank)..], Ratings(), Rank, 0.05);
        return [.. g.userFactors, .. g.itemFactors];
    }
}
