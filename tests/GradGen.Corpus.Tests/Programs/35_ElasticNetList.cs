using System;
using System.Collections.Generic;
using System.Linq;
using GradGen;

// Elastic-net linear regression over data held in lists, written with LINQ.
public static partial class ElasticNet
{
    [Differentiable]
    public static double Objective(double[] w, double b, List<double[]> rows, List<double> targets,
        [NoDerivative] double l1 = 0.01, [NoDerivative] double l2 = 0.1)
    {
        double sse = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            double pred = b + rows[i].Select((x, j) => x * w[j]).Sum();
            sse += Math.Pow(targets[i] - pred, 2);
        }
        return sse / (2 * rows.Count) + l1 * w.Sum(Math.Abs) + 0.5 * l2 * w.Sum(v => v * v);
    }
}

public static class Harness
{
    private const int D = 4;

    public static double[] Start() => [0.4, -0.3, 0.25, 0.6, 0.1];

    private static (List<double[]> Rows, List<double> Targets) Data()
    {
        var r = new Random(1);
        var rows = new List<double[]>();
        var targets = new List<double>();
        for (int i = 0; i < 18; i++)
        {
            double[] row = [r.NextDouble(), r.NextDouble(), r.NextDouble(), r.NextDouble()];
            rows.Add(row);
            targets.Add(2 * row[0] - row[2] + 0.1 * r.NextDouble());
        }
        return (rows, targets);
    }

    public static double Loss(double[] t)
    {
        var (rows, targets) = Data();
        return ElasticNet.Objective(t[..D], t[D], rows, targets, 0.01, 0.1);
    }

    public static double[] Gradient(double[] t)
    {
        var (rows, targets) = Data();
        var g = ElasticNet.ObjectiveGradient(t[..D], t[D], rows, targets, 0.01, 0.1);
        return [.. g.w, g.b];
    }
}
