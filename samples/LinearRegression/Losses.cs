using GradGen;

namespace LinearRegression;

public static partial class Losses
{
    /// <summary>Mean squared error of the line y = w·x + b over the data.</summary>
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
