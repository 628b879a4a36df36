using System;
using System.Linq;
using GradGen;

// Metric learning with the triplet loss: a linear embedding W should bring each anchor closer to its
// positive than to its negative by a margin.
public static partial class TripletEmbedding
{
    static double[] Embed(double[] W, double[] x, int dim)
    {
        var e = new double[dim];
        for (int i = 0; i < dim; i++)
            for (int j = 0; j < x.Length; j++)
                e[i] += W[i * x.Length + j] * x[j];
        return e;
    }

    static double SquaredDistance(double[] a, double[] b) => a.Zip(b, (u, v) => (u - v) * (u - v)).Sum();

    [Differentiable]
    public static double TripletLoss(double[] W, [NoDerivative] double[][] anchors, [NoDerivative] double[][] positives,
        [NoDerivative] double[][] negatives, int dim, [NoDerivative] double margin = 1.0)
    {
        double loss = 0;
        for (int i = 0; i < anchors.Length; i++)
        {
            double[] a = Embed(W, anchors[i], dim);
            double[] p = Embed(W, positives[i], dim);
            double[] n = Embed(W, negatives[i], dim);
            loss += Math.Max(0.0, SquaredDistance(a, p) - SquaredDistance(a, n) + margin);
        }
        return loss / anchors.Length;
    }
}

public static class Harness
{
    private const int In = 4, Dim = 2, N = 10;

    public static double[] Start()
    {
        var r = new Random(11);
        var t = new double[Dim * In];
        for (int i = 0; i < t.Length; i++) t[i] = r.NextDouble() - 0.5;
        return t;
    }

    private static (double[][] A, double[][] P, double[][] Neg) Data()
    {
        var r = new Random(1);
        double[] Sample(int cls) => Enumerable.Range(0, In).Select(j => (j == cls ? 1.0 : 0.0) + 0.3 * (r.NextDouble() - 0.5)).ToArray();
        var a = new double[N][];
        var p = new double[N][];
        var n = new double[N][];
        for (int i = 0; i < N; i++)
        {
            a[i] = Sample(i % In);
            p[i] = Sample(i % In);
            n[i] = Sample((i + 1) % In);
        }
        return (a, p, n);
    }

    public static double Loss(double[] t)
    {
        var (a, p, n) = Data();
        return TripletEmbedding.TripletLoss(t, a, p, n, Dim, 1.0);
    }

    public static double[] Gradient(double[] t)
    {
        var (a, p, n) = Data();
        var g = new double[t.Length];
        TripletEmbedding.TripletLossPullback(t, a, p, n, Dim, 1.0, 1.0, g);
        return g;
    }
}
