using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>
/// Reduction loops near the edge of the one-pass strategy (a reduction loop whose reverse work runs inside the same
/// iteration): a count computed in the loop, a ratio of two sums, a sum read inside its own loop, a mean used by a
/// second loop, and passive values carried from one iteration to the next and updated after they are read (a power
/// of a data point, a discount factor, a doubling int weight, a counter read by a branch, the previous data point).
/// </summary>
/// <remarks>
/// PowerSeries, Discounted, DoublingWeights, Alternating and Differences fail at the time of writing: the generator runs
/// their reverse work inside the forward loop and restores the carried value from the tape in the same iteration,
/// undoing its update (the value is wrong too, not only the gradient). See the report of the change that added them.
/// </remarks>
public static partial class LoopReductions
{
    // Mean squared error over the samples with a positive label: the divisor is counted in the loop.
    [Differentiable(Forward = true)]
    public static double CountedMean(double w, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            if (ys[i] > 0)
            {
                double r = w * xs[i] - ys[i];
                sum += r * r;
                count++;
            }
        }

        return sum / count;
    }

    public static double CountedMeanAnalytic(double w, double[] xs, double[] ys)
    {
        int[] used = Enumerable.Range(0, xs.Length).Where(i => ys[i] > 0).ToArray();
        return used.Sum(i => 2 * (w * xs[i] - ys[i]) * xs[i]) / used.Length;
    }

    // A ratio of two sums: the softmax-weighted mean of xs at inverse temperature w.
    [Differentiable(Forward = true)]
    public static double RatioOfSums(double w, [NoDerivative] double[] xs)
    {
        double a = 0, b = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            a += Math.Exp(w * xs[i]) * xs[i];
            b += Math.Exp(w * xs[i]);
        }

        return a / b;
    }

    // The derivative of the weighted mean is the weighted variance.
    public static double RatioOfSumsAnalytic(double w, double[] xs)
    {
        double z = xs.Sum(x => Math.Exp(w * x));
        double mean = xs.Sum(x => x * Math.Exp(w * x)) / z;
        return xs.Sum(x => x * x * Math.Exp(w * x)) / z - mean * mean;
    }

    // A sum read inside its own loop (its adjoint changes from one iteration to the next).
    [Differentiable(Forward = true)]
    public static double SumReadInLoop(double w, [NoDerivative] double[] xs)
    {
        double sum = 0, t = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += w * xs[i] * xs[i];
            t += sum * xs[i];
        }

        return t + sum;
    }

    // Linear in w: the derivative is the value at w = 1.
    public static double SumReadInLoopAnalytic(double w, double[] xs)
    {
        double prefix = 0, t = 0;
        foreach (double x in xs)
        {
            prefix += x * x;
            t += prefix * x;
        }

        return t + prefix;
    }

    // A mean computed by one loop and used by a second: the variance of w xs.
    [Differentiable(Forward = true)]
    public static double Variance(double w, [NoDerivative] double[] xs)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += w * xs[i];
        }

        double mean = sum / xs.Length;
        double v = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double d = w * xs[i] - mean;
            v += d * d;
        }

        return v / xs.Length;
    }

    // w^2 Var(xs): 2 w Var(xs).
    public static double VarianceAnalytic(double w, double[] xs)
    {
        double mean = xs.Average();
        return 2 * w * xs.Sum(x => (x - mean) * (x - mean)) / xs.Length;
    }

    // A passive value carried across iterations and updated after its use: the powers of a data point x.
    [Differentiable(Forward = true)]
    public static double PowerSeries(double[] c, [NoDerivative] double x)
    {
        double sum = 0;
        double power = 1;
        for (int i = 0; i < c.Length; i++)
        {
            sum += c[i] * power;
            power *= x;
        }

        return sum;
    }

    public static double[] PowerSeriesAnalytic(double[] c, double x) => c.Select((_, i) => Math.Pow(x, i)).ToArray();

    // The same with a discount factor, over a span of data, divided by n (a reduction whose adjoint is known before
    // the loop).
    [Differentiable(Forward = true)]
    public static double Discounted(double w, [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] double gamma)
    {
        double sum = 0;
        double discount = 1;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += discount * Math.Sin(w * xs[i]);
            discount *= gamma;
        }

        return sum / xs.Length;
    }

    public static double DiscountedAnalytic(double w, double[] xs, double gamma) =>
        xs.Select((x, i) => Math.Pow(gamma, i) * Math.Cos(w * x) * x).Sum() / xs.Length;

    // An int weight carried across iterations (an int tape).
    [Differentiable(Forward = true)]
    public static double DoublingWeights(double w, int n)
    {
        double sum = 0;
        int k = 1;
        for (int i = 0; i < n; i++)
        {
            sum += k * w * w;
            k *= 2;
        }

        return sum;
    }

    public static double DoublingWeightsAnalytic(double w, int n) => 2 * w * ((1 << n) - 1);

    // The previous data point carried across iterations (differences of consecutive samples).
    [Differentiable(Forward = true)]
    public static double Differences(double w, [NoDerivative] ReadOnlySpan<double> xs)
    {
        double sum = 0;
        double previous = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            sum += Math.Sin(w * (xs[i] - previous));
            previous = xs[i];
        }

        return sum;
    }

    public static double DifferencesAnalytic(double w, double[] xs) =>
        xs.Select((x, i) => x - (i == 0 ? 0 : xs[i - 1])).Sum(d => Math.Cos(w * d) * d);

    // A passive counter carried across iterations and read by a branch condition: only the first `budget` samples
    // with a positive label count.
    [Differentiable(Forward = true)]
    public static double Budgeted(double w, [NoDerivative] double[] xs, [NoDerivative] double[] ys, int budget)
    {
        double sum = 0;
        int used = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            if (ys[i] > 0 && used < budget)
            {
                sum += Math.Sin(w * xs[i]);
                used++;
            }
        }

        return sum;
    }

    public static double BudgetedAnalytic(double w, double[] xs, double[] ys, int budget) =>
        Enumerable.Range(0, xs.Length).Where(i => ys[i] > 0).Take(budget).Sum(i => Math.Cos(w * xs[i]) * xs[i]);

    // A passive state carried across iterations, read by a branch and updated after it: every other sample counts.
    [Differentiable(Forward = true)]
    public static double Alternating(double w, [NoDerivative] double[] xs)
    {
        double sum = 0;
        int phase = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            if (phase == 0)
            {
                sum += Math.Sin(w * xs[i]);
            }

            phase = 1 - phase;
        }

        return sum;
    }

    public static double AlternatingAnalytic(double w, double[] xs) =>
        xs.Where((_, i) => i % 2 == 0).Sum(x => Math.Cos(w * x) * x);

    // ---------------------------------------------------------------------------------------------------------------
    // Cases.

    internal static readonly double[] Xs = [0.5, -1.5, 2.0, 0.7, 1.1];
    internal static readonly double[] Ys = [1.0, -1.0, 2.0, 3.0, -0.5];
    internal const double Gamma = 0.5;
    internal const int DoublingCount = 5;
    internal const double PowerSeriesX = 1.5;
    internal const int Budget = 2;

    private static DoubleCase Scalar(string name, Func<double, double> f, Func<double, double> gradient,
        Func<double, (double, double)> valueAndGradient, Pullback1 pullback, Func<double, double> analytic) =>
        Case.D1(name, ["w"], f, gradient, valueAndGradient, pullback, analytic, 0.7, -1.3, 2.1);

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Scalar(nameof(CountedMean), w => CountedMean(w, Xs, Ys), w => CountedMeanGradient(w, Xs, Ys),
            w => CountedMeanValueAndGradient(w, Xs, Ys),
            (double w, double seed, ref double dw) => CountedMeanPullback(w, Xs, Ys, seed, ref dw),
            w => CountedMeanAnalytic(w, Xs, Ys)) with { Pushforward = (p, tangent) => CountedMeanPushforward(p[0], Xs, Ys, tangent[0]) };

        yield return Scalar(nameof(RatioOfSums), w => RatioOfSums(w, Xs), w => RatioOfSumsGradient(w, Xs),
            w => RatioOfSumsValueAndGradient(w, Xs),
            (double w, double seed, ref double dw) => RatioOfSumsPullback(w, Xs, seed, ref dw),
            w => RatioOfSumsAnalytic(w, Xs)) with { Pushforward = (p, tangent) => RatioOfSumsPushforward(p[0], Xs, tangent[0]) };

        yield return Scalar(nameof(SumReadInLoop), w => SumReadInLoop(w, Xs), w => SumReadInLoopGradient(w, Xs),
            w => SumReadInLoopValueAndGradient(w, Xs),
            (double w, double seed, ref double dw) => SumReadInLoopPullback(w, Xs, seed, ref dw),
            w => SumReadInLoopAnalytic(w, Xs)) with { Pushforward = (p, tangent) => SumReadInLoopPushforward(p[0], Xs, tangent[0]) };

        yield return Scalar(nameof(Variance), w => Variance(w, Xs), w => VarianceGradient(w, Xs),
            w => VarianceValueAndGradient(w, Xs),
            (double w, double seed, ref double dw) => VariancePullback(w, Xs, seed, ref dw),
            w => VarianceAnalytic(w, Xs)) with { Pushforward = (p, tangent) => VariancePushforward(p[0], Xs, tangent[0]) };

        yield return new DoubleCase
        {
            Name = nameof(PowerSeries),
            Parameters = new Layout(("c", 4)).Names,
            Value = p => PowerSeries(p, PowerSeriesX),
            Gradient = p => PowerSeriesGradient(p, PowerSeriesX),
            ValueAndGradient = p => PowerSeriesValueAndGradient(p, PowerSeriesX),
            Pullback = (p, seed, a) => PowerSeriesPullback(p, PowerSeriesX, seed, a),
            Pushforward = (p, tangent) => PowerSeriesPushforward(p, PowerSeriesX, tangent),
            Analytic = p => PowerSeriesAnalytic(p, PowerSeriesX),
            Points = [[1, -2, 0.5, 3], [0.3, 0.1, -0.4, 2]],
        };

        yield return Scalar(nameof(Discounted), w => Discounted(w, Xs, Gamma), w => DiscountedGradient(w, Xs, Gamma),
            w => DiscountedValueAndGradient(w, Xs, Gamma),
            (double w, double seed, ref double dw) => DiscountedPullback(w, Xs, Gamma, seed, ref dw),
            w => DiscountedAnalytic(w, Xs, Gamma)) with { Pushforward = (p, tangent) => DiscountedPushforward(p[0], Xs, Gamma, tangent[0]) };

        yield return Scalar(nameof(DoublingWeights), w => DoublingWeights(w, DoublingCount),
            w => DoublingWeightsGradient(w, DoublingCount), w => DoublingWeightsValueAndGradient(w, DoublingCount),
            (double w, double seed, ref double dw) => DoublingWeightsPullback(w, DoublingCount, seed, ref dw),
            w => DoublingWeightsAnalytic(w, DoublingCount)) with { Pushforward = (p, tangent) => DoublingWeightsPushforward(p[0], DoublingCount, tangent[0]) };

        // Ys has three positive labels; the budget takes the first two.
        yield return Scalar(nameof(Budgeted), w => Budgeted(w, Xs, Ys, Budget), w => BudgetedGradient(w, Xs, Ys, Budget),
            w => BudgetedValueAndGradient(w, Xs, Ys, Budget),
            (double w, double seed, ref double dw) => BudgetedPullback(w, Xs, Ys, Budget, seed, ref dw),
            w => BudgetedAnalytic(w, Xs, Ys, Budget)) with { Pushforward = (p, tangent) => BudgetedPushforward(p[0], Xs, Ys, Budget, tangent[0]) };

        yield return Scalar(nameof(Alternating), w => Alternating(w, Xs), w => AlternatingGradient(w, Xs),
            w => AlternatingValueAndGradient(w, Xs),
            (double w, double seed, ref double dw) => AlternatingPullback(w, Xs, seed, ref dw),
            w => AlternatingAnalytic(w, Xs)) with { Pushforward = (p, tangent) => AlternatingPushforward(p[0], Xs, tangent[0]) };

        yield return Scalar(nameof(Differences), w => Differences(w, Xs), w => DifferencesGradient(w, Xs),
            w => DifferencesValueAndGradient(w, Xs),
            (double w, double seed, ref double dw) => DifferencesPullback(w, Xs, seed, ref dw),
            w => DifferencesAnalytic(w, Xs)) with { Pushforward = (p, tangent) => DifferencesPushforward(p[0], Xs, tangent[0]) };
    }
}
