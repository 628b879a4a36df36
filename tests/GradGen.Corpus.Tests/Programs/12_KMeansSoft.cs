using System;
using System.Linq;
using GradGen;

// Soft k-means: each point is softly assigned to the centroids by a soft-min (temperature T) over the
// squared distances; the loss is the mean soft-min distance. Centroids are one array per cluster.
public static partial class SoftKMeans
{
    static double SquaredDistance(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    [Differentiable]
    public static double SoftAssignmentLoss(double[][] centroids, [NoDerivative] double[][] points, [NoDerivative] double temperature)
    {
        double loss = 0;
        foreach (double[] p in points)
        {
            double[] d = new double[centroids.Length];
            for (int k = 0; k < centroids.Length; k++)
                d[k] = SquaredDistance(p, centroids[k]);
            double m = d.Min();
            double s = 0;
            for (int k = 0; k < d.Length; k++)
                s += Math.Exp(-(d[k] - m) / temperature);
            loss += m - temperature * Math.Log(s);
        }
        return loss / points.Length;
    }
}

public static class Harness
{
    private const int K = 3, D = 2;

    public static double[] Start() => [1.1, 0.2, -0.4, 1.0, -0.6, -0.9];

    private static double[][] Points()
    {
        var r = new Random(1);
        var pts = new double[24][];
        for (int i = 0; i < pts.Length; i++)
        {
            double angle = 2 * Math.PI * (i % K) / K;
            pts[i] = [Math.Cos(angle) + 0.4 * (r.NextDouble() - 0.5), Math.Sin(angle) + 0.4 * (r.NextDouble() - 0.5)];
        }
        return pts;
    }

    private static double[][] Centroids(double[] t) => Enumerable.Range(0, K).Select(k => t[(k * D)..((k + 1) * D)]).ToArray();

    public static double Loss(double[] t) => SoftKMeans.SoftAssignmentLoss(Centroids(t), Points(), 0.5);

    public static double[] Gradient(double[] t)
    {
        double[][] g = SoftKMeans.SoftAssignmentLossGradient(Centroids(t), Points(), 0.5);
        return g.SelectMany(row => row).ToArray();
    }
}
