using GradGen;

namespace LogisticRegression;

/// <summary>Logistic regression with an L2 penalty on the weights.</summary>
public static partial class Model
{
    /// <summary>
    /// Mean cross-entropy of p = σ(w₀·x0 + w₁·x1 + b) against the labels (0 or 1), plus (λ/2)·|w|².
    /// GradGen generates <c>LossValueAndGradient</c>, returning the loss and (∂L/∂w as an array, ∂L/∂b).
    /// </summary>
    [Differentiable]
    public static double Loss(double[] w, double b,
        [NoDerivative] double[] x0, [NoDerivative] double[] x1, [NoDerivative] double[] labels, [NoDerivative] double lambda)
    {
        double sum = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double z = w[0] * x0[i] + w[1] * x1[i] + b;

            // −log σ(m) for the margin m of the right class, without overflow of Exp.
            double m = labels[i] > 0.5 ? z : -z;
            sum += m > 0 ? Math.Log(1 + Math.Exp(-m)) : Math.Log(1 + Math.Exp(m)) - m;
        }

        return sum / labels.Length + 0.5 * lambda * (w[0] * w[0] + w[1] * w[1]);
    }

    /// <summary>σ(w₀·x0 + w₁·x1 + b): the probability of label 1.</summary>
    public static double Probability(double[] w, double b, double x0, double x1) =>
        1 / (1 + Math.Exp(-(w[0] * x0 + w[1] * x1 + b)));
}
