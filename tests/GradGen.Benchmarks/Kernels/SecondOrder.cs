using GradGen;

namespace GradGen.Benchmarks;

/// <summary>Kernels with second derivatives: <c>Hessian = true</c> adds <c>FHessianVectorProduct</c> and <c>FHessian</c>.</summary>
public static partial class SecondOrderKernels
{
    /// <summary>The mean logistic loss of a linear model plus (λ/2)|w|², as a Newton or truncated-Newton solver minimizes it.</summary>
    [Differentiable(Hessian = true)]
    public static double RegularizedLogistic(double[] w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys, [NoDerivative] double lambda)
    {
        int d = w.Length;
        double loss = 0;
        for (int i = 0; i < ys.Length; i++)
        {
            double z = b;
            for (int j = 0; j < d; j++)
            {
                z += w[j] * xs[i * d + j];
            }
            loss += Math.Log(1 + Math.Exp(-z)) + (1 - ys[i]) * z;
        }

        double penalty = 0;
        for (int j = 0; j < d; j++) penalty += w[j] * w[j];
        return loss / ys.Length + 0.5 * lambda * penalty;
    }
}
