using GradGen;

namespace NewtonOptimization;

/// <summary>
/// The two functions the sample minimizes. <c>Hessian = true</c> makes GradGen generate, besides the gradient,
/// <c>FHessian</c> (the matrix of second derivatives) and <c>FHessianVectorProduct</c>, at compile time.
/// </summary>
public static partial class Problems
{
    /// <summary>Rosenbrock's banana-shaped valley: minimum 0 at (1, 1), at the end of a long curved valley that gradient
    /// descent crawls along.</summary>
    [Differentiable(Hessian = true)]
    public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

    /// <summary>
    /// Mean logistic loss of a linear classifier of n points of d features (xs row by row, labels 0 or 1), plus
    /// (λ/2)|w|²: convex, with one minimum, which Newton's method reaches in a handful of steps.
    /// </summary>
    [Differentiable(Hessian = true)]
    public static double Logistic(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys, [NoDerivative] double lambda)
    {
        int d = w.Length;
        double sum = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++) z += w[j] * xs[i * d + j];

            // log(1 + e^-z) + (1 − y)·z = −log σ(z) for y = 1, −log(1 − σ(z)) for y = 0.
            sum += Math.Log(1 + Math.Exp(-z)) + (1 - ys[i]) * z;
        }

        double penalty = 0;
        for (int j = 0; j < d; j++) penalty += w[j] * w[j];
        return sum / ys.Length + 0.5 * lambda * penalty;
    }
}
