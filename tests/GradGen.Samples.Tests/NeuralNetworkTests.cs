using NeuralNetwork;

namespace GradGen.Samples.Tests;

[Collection(PicturesCollection.Name)]
public class NeuralNetworkTests
{
    [Fact]
    public void A_few_epochs_lower_the_loss_raise_the_accuracy_and_draw_two_pngs()
    {
        Data data = Moons.Make(count: 200);
        TrainingResult result = Training.Run(data, epochs: 8);

        Assert.Equal(9, result.History.Count);
        Epoch first = result.History[0];
        Assert.True(result.Final.Loss < first.Loss / 2, $"loss went from {first.Loss} to {result.Final.Loss}");
        Assert.True(result.Final.Accuracy > 0.85, $"accuracy {result.Final.Accuracy}");

        using var dir = new TempDirectory();
        IReadOnlyList<string> pictures = Plots.DrawAll(result, dir.Path);
        Assertions.ArePngs(pictures, dir.Path, expectedCount: 2);
    }

    [Fact]
    public void The_pullback_matches_central_finite_differences_for_every_weight()
    {
        Parameters p = Parameters.Random(seed: 3);
        p.B1[4] = 0.3;
        p.B2[0] = -0.2;
        Parameters grad = Parameters.ZerosLike(p);
        (double x0, double x1, double label) = (0.4, -0.25, 1.0);

        double value = Network.SampleLossPullback(p, x0, x1, label, 1.0, ref grad);
        Assert.Equal(Network.SampleLoss(p, x0, x1, label), value);

        double[][] weights = p.All;
        double[][] adjoints = grad.All;
        for (int a = 0; a < weights.Length; a++)
        {
            for (int i = 0; i < weights[a].Length; i++)
            {
                double[] array = weights[a];
                int index = i;
                double original = array[index];
                double expected = Assertions.Central(v =>
                {
                    array[index] = v;
                    double loss = Network.SampleLoss(p, x0, x1, label);
                    array[index] = original;
                    return loss;
                }, original);
                Assertions.Close(expected, adjoints[a][i], 1e-7, $"array {a}, element {i}");
            }
        }
    }

    [Fact]
    public void The_loss_is_finite_far_from_the_boundary()
    {
        Parameters p = Parameters.Random(seed: 3);
        p.B2[0] = 800; // the output's logit is about 800: exp(800) would overflow
        Assert.True(double.IsFinite(Network.SampleLoss(p, 0, 0, 0)));
        Assert.Equal(0, Network.SampleLoss(p, 0, 0, 1), 6);
    }
}
