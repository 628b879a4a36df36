using LinearRegression;

namespace GradGen.Samples.Tests;

[Collection(PicturesCollection.Name)]
public class LinearRegressionTests
{
    [Fact]
    public void A_short_descent_lowers_the_loss_and_draws_three_pngs()
    {
        var (xs, ys) = Descent.MakeData();
        DescentResult result = Descent.Run(xs, ys, steps: 20);

        Assert.Equal(21, result.Path.Count);
        Assert.True(result.Final.Loss < result.Path[0].Loss / 4,
            $"loss went from {result.Path[0].Loss} to {result.Final.Loss}");
        for (int k = 1; k < result.Path.Count; k++)
        {
            Assert.True(result.Path[k].Loss < result.Path[k - 1].Loss, $"loss rose at step {k}");
        }

        using var dir = new TempDirectory();
        IReadOnlyList<string> pictures = Plots.DrawAll(result, dir.Path);
        Assertions.ArePngs(pictures, dir.Path, expectedCount: 3);
    }

    [Fact]
    public void A_long_descent_finds_the_least_squares_line()
    {
        var (xs, ys) = Descent.MakeData();
        Step final = Descent.Run(xs, ys, Descent.DefaultSteps).Final;
        (double w, double b) = Descent.LeastSquares(xs, ys);
        Assert.Equal(w, final.W, 3);
        Assert.Equal(b, final.B, 3);
    }

    [Theory]
    [InlineData(0.3, -0.7)]
    [InlineData(-1.0, 3.0)]
    [InlineData(2.5, -1.2)]
    public void The_generated_gradient_matches_central_finite_differences(double w, double b)
    {
        var (xs, ys) = Descent.MakeData(count: 50);
        var (dw, db) = Losses.MseGradient(w, b, xs, ys);
        Assertions.Close(Assertions.Central(v => Losses.Mse(v, b, xs, ys), w), dw, 1e-6, "dL/dw");
        Assertions.Close(Assertions.Central(v => Losses.Mse(w, v, xs, ys), b), db, 1e-6, "dL/db");
    }
}
