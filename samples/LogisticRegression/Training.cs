namespace LogisticRegression;

/// <summary>
/// Tells Iris versicolor (label 0) from Iris virginica (label 1) by petal length and width: the two
/// species that overlap, so the line cannot be perfect and the L2 penalty matters.
/// </summary>
public static class Training
{
    /// <summary>Gradient-descent steps when <c>--iterations</c> is not given.</summary>
    public const int DefaultSteps = 200;

    /// <summary>Step size (on standardised features).</summary>
    public const double LearningRate = 0.5;

    /// <summary>Strength of the L2 penalty (λ/2)·|w|².</summary>
    public const double Lambda = 0.01;

    /// <summary>
    /// The versicolor and virginica flowers, split by position: every fourth of each species is held out
    /// for testing (12 of each, 24 in all), the rest (76) is trained on. Features are standardised with the training part's
    /// mean and standard deviation.
    /// </summary>
    public static Split Prepare(IReadOnlyList<Flower> flowers)
    {
        var train = new List<Flower>();
        var test = new List<Flower>();
        foreach (string species in new[] { "versicolor", "virginica" })
        {
            var ofSpecies = flowers.Where(f => f.Species == species).ToList();
            for (int i = 0; i < ofSpecies.Count; i++)
            {
                (i % 4 == 3 ? test : train).Add(ofSpecies[i]);
            }
        }

        var scale = Standardiser.Of(train);
        return new Split(Set.Of(train, scale), Set.Of(test, scale), scale);
    }

    /// <summary>
    /// Full-batch gradient descent from w = 0, b = 0 on the training part; each step one call to the
    /// generated <c>Model.LossValueAndGradient</c>.
    /// </summary>
    public static Fit Run(Split split, int steps, Action<Step>? onStep = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        double[] w = new double[2];
        double b = 0;
        var history = new List<Step>(steps + 1);
        Set t = split.Train;
        for (int k = 0; k <= steps; k++)
        {
            var (loss, (dw, db)) = Model.LossValueAndGradient(w, b, t.X0, t.X1, t.Labels, Lambda);
            var step = new Step(k, loss, Accuracy(w, b, t), Math.Sqrt(dw[0] * dw[0] + dw[1] * dw[1] + db * db));
            history.Add(step);
            onStep?.Invoke(step);
            if (k == steps)
            {
                break;
            }

            w[0] -= LearningRate * dw[0];
            w[1] -= LearningRate * dw[1];
            b -= LearningRate * db;
        }

        return new Fit(split, w, b, history);
    }

    /// <summary>Share of <paramref name="set"/> that p &gt; 0.5 labels right.</summary>
    public static double Accuracy(double[] w, double b, Set set)
    {
        int right = 0;
        for (int i = 0; i < set.Labels.Length; i++)
        {
            if (Model.Probability(w, b, set.X0[i], set.X1[i]) > 0.5 == set.Labels[i] > 0.5)
            {
                right++;
            }
        }

        return (double)right / set.Labels.Length;
    }
}

/// <summary>Maps petal length and width (cm) to standardised features and back.</summary>
public sealed record Standardiser(double Mean0, double Sd0, double Mean1, double Sd1)
{
    /// <summary>Mean and standard deviation of petal length and width over <paramref name="flowers"/>.</summary>
    public static Standardiser Of(IReadOnlyList<Flower> flowers)
    {
        static (double, double) MeanSd(IEnumerable<double> v)
        {
            double[] a = v.ToArray();
            double mean = a.Average();
            return (mean, Math.Sqrt(a.Sum(x => (x - mean) * (x - mean)) / a.Length));
        }

        var (m0, s0) = MeanSd(flowers.Select(f => f.PetalLength));
        var (m1, s1) = MeanSd(flowers.Select(f => f.PetalWidth));
        return new Standardiser(m0, s0, m1, s1);
    }

    /// <summary>Standardised petal length.</summary>
    public double F0(double petalLength) => (petalLength - Mean0) / Sd0;

    /// <summary>Standardised petal width.</summary>
    public double F1(double petalWidth) => (petalWidth - Mean1) / Sd1;
}

/// <summary>Standardised features and labels (1 = virginica), with the flowers they came from.</summary>
public sealed record Set(double[] X0, double[] X1, double[] Labels, IReadOnlyList<Flower> Flowers)
{
    /// <summary>The set of <paramref name="flowers"/> under <paramref name="scale"/>.</summary>
    public static Set Of(IReadOnlyList<Flower> flowers, Standardiser scale) => new(
        flowers.Select(f => scale.F0(f.PetalLength)).ToArray(),
        flowers.Select(f => scale.F1(f.PetalWidth)).ToArray(),
        flowers.Select(f => f.Species == "virginica" ? 1.0 : 0.0).ToArray(),
        flowers);
}

/// <summary>Training and test parts.</summary>
public sealed record Split(Set Train, Set Test, Standardiser Scale);

/// <summary>Loss, training accuracy and gradient norm at one step.</summary>
public readonly record struct Step(int Index, double Loss, double TrainAccuracy, double GradientNorm);

/// <summary>The weights found and the history.</summary>
public sealed record Fit(Split Split, double[] W, double B, IReadOnlyList<Step> History)
{
    /// <summary>The last step.</summary>
    public Step Final => History[^1];

    /// <summary>Accuracy on the held-out flowers.</summary>
    public double TestAccuracy => Training.Accuracy(W, B, Split.Test);

    /// <summary>Probability of virginica for a flower with these petal measurements (cm).</summary>
    public double Probability(double petalLength, double petalWidth) =>
        Model.Probability(W, B, Split.Scale.F0(petalLength), Split.Scale.F1(petalWidth));
}
