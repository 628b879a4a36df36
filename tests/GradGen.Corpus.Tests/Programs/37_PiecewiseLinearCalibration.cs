using System;
using GradGen;

// Learning a monotone-ish calibration curve as a piecewise-linear function on a uniform grid over [0, 1]:
// knot values are the parameters, each sample is interpolated between its two neighbouring knots.
public static partial class Calibration
{
    [Differentiable]
    public static double Loss(double[] knots, [NoDerivative] double[] scores, [NoDerivative] double[] outcomes,
        [NoDerivative] double smoothness)
    {
        int segments = knots.Length - 1;
        double loss = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double u = scores[i] * segments;
            int k = Math.Min((int)u, segments - 1);
            double frac = u - k;
            double calibrated = (1 - frac) * knots[k] + frac * knots[k + 1];
            loss += (calibrated - outcomes[i]) * (calibrated - outcomes[i]);
        }

        // penalize curvature of the curve
        double rough = 0;
        for (int k = 1; k < segments; k++)
        {
            double second = knots[k - 1] - 2 * knots[k] + knots[k + 1];
            rough += second * second;
        }
        return loss / scores.Length + smoothness * rough;
    }
}

public static class Harness
{
    public static double[] Start() => [0.05, 0.2, 0.35, 0.55, 0.7, 0.9];

    private static (double[] Scores, double[] Outcomes) Data()
    {
        var r = new Random(1);
        var scores = new double[40];
        var outcomes = new double[40];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = r.NextDouble();
            outcomes[i] = r.NextDouble() < scores[i] * scores[i] ? 1 : 0;
        }
        return (scores, outcomes);
    }

    public static double Loss(double[] t)
    {
        var (scores, outcomes) = Data();
        return Calibration.Loss(t, scores, outcomes, 0.1);
    }

    public static double[] Gradient(double[] t)
    {
        var (scores, outcomes) = Data();
        return Calibration.LossGradient(t, scores, outcomes, 0.1);
    }
}
