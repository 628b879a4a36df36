using LogisticRegression;

namespace GradGen.Samples.Tests;

[Collection(PicturesCollection.Name)]
public class LogisticRegressionTests
{
    [Fact]
    public void The_shipped_iris_data_is_fishers()
    {
        IReadOnlyList<Flower> flowers = Iris.Load();
        Assert.Equal(150, flowers.Count);
        Assert.All(new[] { "setosa", "versicolor", "virginica" }, s => Assert.Equal(50, flowers.Count(f => f.Species == s)));

        // The column means of Fisher's data, as published with it.
        Assert.Equal(5.8433, flowers.Average(f => f.SepalLength), 4);
        Assert.Equal(3.0573, flowers.Average(f => f.SepalWidth), 4);
        Assert.Equal(3.7580, flowers.Average(f => f.PetalLength), 4);
        Assert.Equal(1.1993, flowers.Average(f => f.PetalWidth), 4);
    }

    [Fact]
    public void A_short_descent_lowers_the_loss_and_draws_two_pngs()
    {
        Split split = Training.Prepare(Iris.Load());
        Assert.Equal(76, split.Train.Labels.Length);
        Assert.Equal(24, split.Test.Labels.Length);

        Fit fit = Training.Run(split, steps: 30);
        Assert.True(fit.Final.Loss < fit.History[0].Loss * 0.5, $"loss went from {fit.History[0].Loss} to {fit.Final.Loss}");
        Assert.True(fit.Final.TrainAccuracy > 0.85, $"training accuracy {fit.Final.TrainAccuracy}");
        Assert.True(fit.TestAccuracy > 0.8, $"test accuracy {fit.TestAccuracy}");

        using var dir = new TempDirectory();
        Assertions.ArePngs(Plots.DrawAll(fit, dir.Path), dir.Path, expectedCount: 2);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void The_generated_gradient_matches_central_finite_differences(double lambda)
    {
        Set train = Training.Prepare(Iris.Load()).Train;
        double[] w = [0.7, -1.3];
        double b = 0.4;
        var (dw, db) = Model.LossGradient(w, b, train.X0, train.X1, train.Labels, lambda);

        for (int i = 0; i < 2; i++)
        {
            int index = i;
            double original = w[index];
            double expected = Assertions.Central(v =>
            {
                w[index] = v;
                double loss = Model.Loss(w, b, train.X0, train.X1, train.Labels, lambda);
                w[index] = original;
                return loss;
            }, original);
            Assertions.Close(expected, dw[i], 1e-7, $"dL/dw[{i}]");
        }

        Assertions.Close(Assertions.Central(v => Model.Loss(w, v, train.X0, train.X1, train.Labels, lambda), b), db, 1e-7, "dL/db");
    }
}
