using System;
using GradGen;

// The box-regression part of a Faster R-CNN style detector: predicted deltas (dx, dy, dw, dh) per anchor
// against the encoded ground-truth boxes, with the smooth-L1 loss.
public static partial class BoxRegression
{
    static double SmoothL1(double x, double beta = 1.0 / 9)
    {
        double a = Math.Abs(x);
        return a < beta ? 0.5 * a * a / beta : a - 0.5 * beta;
    }

    [Differentiable]
    public static double BoxRegressionLoss(double[] deltas, [NoDerivative] double[] anchors, [NoDerivative] double[] gtBoxes)
    {
        int n = anchors.Length / 4;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            var (ax, ay, aw, ah) = (anchors[4 * i], anchors[4 * i + 1], anchors[4 * i + 2], anchors[4 * i + 3]);
            var (gx, gy, gw, gh) = (gtBoxes[4 * i], gtBoxes[4 * i + 1], gtBoxes[4 * i + 2], gtBoxes[4 * i + 3]);
            var target = (dx: (gx - ax) / aw, dy: (gy - ay) / ah, dw: Math.Log(gw / aw), dh: Math.Log(gh / ah));
            for (int k = 0; k < 4; k++)
            {
                double t = k switch { 0 => target.dx, 1 => target.dy, 2 => target.dw, _ => target.dh };
                loss += SmoothL1(deltas[4 * i + k] - t);
            }
        }
        return loss / n;
    }
}

public static class Harness
{
    private const int Boxes = 5;

    public static double[] Start()
    {
        var r = new Random(4);
        var t = new double[4 * Boxes];
        for (int i = 0; i < t.Length; i++) t[i] = 0.4 * (r.NextDouble() - 0.5);
        return t;
    }

    private static (double[] Anchors, double[] Gt) Data()
    {
        var r = new Random(1);
        var anchors = new double[4 * Boxes];
        var gt = new double[4 * Boxes];
        for (int i = 0; i < Boxes; i++)
        {
            anchors[4 * i] = 10 * i; anchors[4 * i + 1] = 5 * i; anchors[4 * i + 2] = 8; anchors[4 * i + 3] = 6;
            gt[4 * i] = anchors[4 * i] + 3 * (r.NextDouble() - 0.5);
            gt[4 * i + 1] = anchors[4 * i + 1] + 3 * (r.NextDouble() - 0.5);
            gt[4 * i + 2] = 8 * Math.Exp(0.6 * (r.NextDouble() - 0.5));
            gt[4 * i + 3] = 6 * Math.Exp(0.6 * (r.NextDouble() - 0.5));
        }
        return (anchors, gt);
    }

    public static double Loss(double[] t)
    {
        var (anchors, gt) = Data();
        return BoxRegression.BoxRegressionLoss(t, anchors, gt);
    }

    public static double[] Gradient(double[] t)
    {
        var (anchors, gt) = Data();
        return BoxRegression.BoxRegressionLossGradient(t, anchors, gt);
    }
}
