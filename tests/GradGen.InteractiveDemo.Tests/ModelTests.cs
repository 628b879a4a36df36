using InteractiveDemo.Model;

namespace GradGen.InteractiveDemo.Tests;

/// <summary>The page's model in-process: its generated gradient is right and its descent reaches least squares.</summary>
public sealed class ModelTests
{
    [Theory]
    [InlineData(Descent.StartW, Descent.StartB)]
    [InlineData(2.5, -1.2)]
    [InlineData(4.0, -3.5)]
    public void GeneratedGradientMatchesTheClosedForm(double w, double b)
    {
        // ∂L/∂w = −(2/n) Σ xᵢ·rᵢ and ∂L/∂b = −(2/n) Σ rᵢ with rᵢ = yᵢ − (w·xᵢ + b).
        double gw = 0, gb = 0;
        int n = Points.Xs.Length;
        for (int i = 0; i < n; i++)
        {
            double r = Points.Ys[i] - (w * Points.Xs[i] + b);
            gw += -2.0 / n * Points.Xs[i] * r;
            gb += -2.0 / n * r;
        }

        var (loss, (dw, db)) = Regression.MseValueAndGradient(w, b, Points.Xs, Points.Ys);
        Assert.Equal(Descent.LossAt(w, b), loss, 12);
        Assert.Equal(gw, dw, 10);
        Assert.Equal(gb, db, 10);
    }

    [Fact]
    public void DescentReachesTheLeastSquaresLine()
    {
        var descent = new Descent();
        Assert.Equal(Points.Xs.Length, Points.Ys.Length);
        double start = descent.Loss;
        for (int k = 0; k < 400; k++)
        {
            descent.Step();
        }

        var (w, b) = Descent.LeastSquares();
        Assert.True(descent.Loss < start / 10, $"loss {descent.Loss} from {start}");
        Assert.Equal(w, descent.W, 6);
        Assert.Equal(b, descent.B, 6);
        Assert.Equal(401, descent.Path.Count);
        Assert.Equal(400, descent.Steps);
    }

    [Fact]
    public void MovingForgetsThePath()
    {
        var descent = new Descent();
        descent.Step();
        descent.MoveTo(1, 1);
        Assert.Equal(0, descent.Steps);
        Assert.Equal([(1.0, 1.0)], descent.Path);
        Assert.Equal(Descent.LossAt(1, 1), descent.Loss);
    }
}
