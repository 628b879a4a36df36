namespace NeuralNetwork;

/// <summary>Mini-batch training with Adam, the gradient of each point from GradGen's pullback.</summary>
public static class Training
{
    /// <summary>Epochs when <c>--iterations</c> is not given.</summary>
    public const int DefaultEpochs = 60;

    /// <summary>Points per mini-batch.</summary>
    public const int BatchSize = 20;

    /// <summary>Adam's step size.</summary>
    public const double LearningRate = 0.03;

    /// <summary>
    /// Trains a freshly initialised network for <paramref name="epochs"/> passes over <paramref name="data"/>
    /// (shuffled each time), calling <paramref name="onEpoch"/> after each with the loss and accuracy on all of it.
    /// </summary>
    public static TrainingResult Run(Data data, int epochs, Action<Epoch>? onEpoch = null, int seed = 11)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Parameters p = Parameters.Random(seed);
        Parameters grad = Parameters.ZerosLike(p);
        var adam = new Adam(p, LearningRate);
        var random = new Random(seed);
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        var history = new List<Epoch> { Evaluate(p, data, 0) };
        onEpoch?.Invoke(history[0]);

        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            random.Shuffle(order);
            for (int start = 0; start < order.Length; start += BatchSize)
            {
                int end = Math.Min(start + BatchSize, order.Length);
                foreach (double[] g in grad.All)
                {
                    Array.Clear(g);
                }

                // The pullback adds (1/batch) · ∂loss_i/∂θ into the adjoints for each point i: their sum is
                // the gradient of the batch's mean loss. Nothing is allocated here.
                double seed1 = 1.0 / (end - start);
                for (int k = start; k < end; k++)
                {
                    int i = order[k];
                    Network.SampleLossPullback(p, data.X0[i], data.X1[i], data.Labels[i], seed1, ref grad);
                }

                adam.Step(grad);
            }

            Epoch e = Evaluate(p, data, epoch);
            history.Add(e);
            onEpoch?.Invoke(e);
        }

        return new TrainingResult(data, p, history);
    }

    /// <summary>Mean loss and accuracy of <paramref name="p"/> on all of <paramref name="data"/>.</summary>
    public static Epoch Evaluate(Parameters p, Data data, int index)
    {
        double loss = 0;
        int right = 0;
        for (int i = 0; i < data.Count; i++)
        {
            loss += Network.SampleLoss(p, data.X0[i], data.X1[i], data.Labels[i]);
            bool one = Network.Probability(p, data.X0[i], data.X1[i]) > 0.5;
            if (one == data.Labels[i] > 0.5)
            {
                right++;
            }
        }

        return new Epoch(index, loss / data.Count, (double)right / data.Count);
    }

    /// <summary>Adam (Kingma and Ba, 2015) over the network's four arrays.</summary>
    private sealed class Adam(Parameters p, double rate)
    {
        private const double Beta1 = 0.9;
        private const double Beta2 = 0.999;
        private const double Epsilon = 1e-8;
        private readonly Parameters m = Parameters.ZerosLike(p);
        private readonly Parameters v = Parameters.ZerosLike(p);
        private int t;

        public void Step(Parameters grad)
        {
            t++;
            double c1 = 1 - Math.Pow(Beta1, t);
            double c2 = 1 - Math.Pow(Beta2, t);
            double[][] ps = p.All, gs = grad.All, ms = m.All, vs = v.All;
            for (int a = 0; a < ps.Length; a++)
            {
                for (int i = 0; i < ps[a].Length; i++)
                {
                    double g = gs[a][i];
                    ms[a][i] = Beta1 * ms[a][i] + (1 - Beta1) * g;
                    vs[a][i] = Beta2 * vs[a][i] + (1 - Beta2) * g * g;
                    ps[a][i] -= rate * (ms[a][i] / c1) / (Math.Sqrt(vs[a][i] / c2) + Epsilon);
                }
            }
        }
    }
}

/// <summary>Loss and accuracy on the whole data set after an epoch (epoch 0: before training).</summary>
public readonly record struct Epoch(int Index, double Loss, double Accuracy);

/// <summary>The data, the trained weights and the history of the training.</summary>
public sealed record TrainingResult(Data Data, Parameters Parameters, IReadOnlyList<Epoch> History)
{
    /// <summary>The last epoch.</summary>
    public Epoch Final => History[^1];
}
