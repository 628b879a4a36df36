namespace LinearRegression;

/// <summary>The data, the descent and what it went through: everything the program prints and draws.</summary>
public static class Descent
{
    /// <summary>The line the data is made from.</summary>
    public const double TrueW = 2.5;

    /// <summary>The line the data is made from.</summary>
    public const double TrueB = -1.2;

    /// <summary>Where the descent starts: far from the answer, so that the path has somewhere to go.</summary>
    public const double StartW = -1.0;

    /// <summary>Where the descent starts.</summary>
    public const double StartB = 3.0;

    /// <summary>Step size of plain gradient descent.</summary>
    public const double LearningRate = 0.1;

    /// <summary>Steps taken when <c>--iterations</c> is not given.</summary>
    public const int DefaultSteps = 150;

    /// <summary>
    /// <paramref name="count"/> points y = 2.5·x − 1.2 + noise, x uniform in [−1, 3] (not centred on 0, so
    /// that w and b are correlated and the loss surface is a tilted valley), Gaussian noise of σ = 0.5.
    /// </summary>
    public static (double[] Xs, double[] Ys) MakeData(int count = 200, int seed = 20261126)
    {
        var random = new Random(seed);
        double[] xs = new double[count];
        double[] ys = new double[count];
        for (int i = 0; i < count; i++)
        {
            xs[i] = -1.0 + 4.0 * random.NextDouble();

            // Box–Muller: a standard normal from two uniforms.
            double noise = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            ys[i] = TrueW * xs[i] + TrueB + 0.5 * noise;
        }

        return (xs, ys);
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps of gradient descent on the mean squared error from
    /// (<see cref="StartW"/>, <see cref="StartB"/>). Each step asks GradGen's generated
    /// <c>Losses.MseValueAndGradient</c> for L(w, b) and (∂L/∂w, ∂L/∂b), then moves against the gradient.
    /// <paramref name="onStep"/> sees every step as it is taken.
    /// </summary>
    public static DescentResult Run(double[] xs, double[] ys, int steps, Action<Step>? onStep = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var path = new List<Step>(steps + 1);
        double w = StartW;
        double b = StartB;
        for (int k = 0; k <= steps; k++)
        {
            // L(w, b) = (1/n) Σ (y_i − (w·x_i + b))² and its gradient, in one generated call.
            var (loss, (dw, db)) = Losses.MseValueAndGradient(w, b, xs, ys);
            var step = new Step(k, w, b, loss, dw, db);
            path.Add(step);
            onStep?.Invoke(step);
            if (k == steps)
            {
                break;
            }

            w -= LearningRate * dw;
            b -= LearningRate * db;
        }

        return new DescentResult(xs, ys, path);
    }

    /// <summary>The least-squares line, in closed form: what the descent should approach.</summary>
    public static (double W, double B) LeastSquares(double[] xs, double[] ys)
    {
        double mx = xs.Average();
        double my = ys.Average();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sxy += (xs[i] - mx) * (ys[i] - my);
            sxx += (xs[i] - mx) * (xs[i] - mx);
        }

        double w = sxy / sxx;
        return (w, my - w * mx);
    }
}

/// <summary>One step: where the descent was, the loss there and its gradient.</summary>
public readonly record struct Step(int Index, double W, double B, double Loss, double GradW, double GradB);

/// <summary>The data and every step of the descent, the last one being where it ended.</summary>
public sealed record DescentResult(double[] Xs, double[] Ys, IReadOnlyList<Step> Path)
{
    /// <summary>Where the descent ended.</summary>
    public Step Final => Path[^1];
}
