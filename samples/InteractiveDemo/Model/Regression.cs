using GradGen;

namespace InteractiveDemo.Model;

/// <summary>
/// The loss the page descends: the mean squared error of the line y = w·x + b. GradGen generates
/// <c>MseGradient</c>, <c>MseValueAndGradient</c> and <c>MsePullback</c> from it at build time, and the page
/// calls them in the browser.
/// </summary>
public static partial class Regression
{
    /// <summary>L(w, b) = (1/n) Σ (yᵢ − (w·xᵢ + b))².</summary>
    [Differentiable]
    public static double Mse(double w, double b,
        [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double r = ys[i] - (w * xs[i] + b);
            sum += r * r;
        }

        return sum / xs.Length;
    }
}
