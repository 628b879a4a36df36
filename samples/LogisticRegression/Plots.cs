using GradGen.Samples;
using ScottPlot;

namespace LogisticRegression;

/// <summary>The pictures of a fit.</summary>
public static class Plots
{
    /// <summary>File name of the probability map with the decision boundary.</summary>
    public const string BoundaryFile = "decision-boundary.png";

    /// <summary>File name of the loss curve.</summary>
    public const string LossFile = "loss.png";

    /// <summary>Draws both into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> DrawAll(Fit fit, string directory) =>
    [
        DrawBoundary(fit, directory),
        DrawLoss(fit, directory),
    ];

    /// <summary>P(virginica) over petal length and width, its 0.5 line, and the flowers.</summary>
    public static string DrawBoundary(Fit fit, string directory)
    {
        var all = fit.Split.Train.Flowers.Concat(fit.Split.Test.Flowers).ToList();
        double xMin = all.Min(f => f.PetalLength) - 0.3, xMax = all.Max(f => f.PetalLength) + 0.3;
        double yMin = all.Min(f => f.PetalWidth) - 0.2, yMax = all.Max(f => f.PetalWidth) + 0.2;
        const int cells = 200;
        var probability = new double[cells, cells];
        var levels = new Coordinates3d[cells, cells];
        for (int row = 0; row < cells; row++)
        {
            double y = yMax - (row + 0.5) * (yMax - yMin) / cells;
            for (int col = 0; col < cells; col++)
            {
                double x = xMin + (col + 0.5) * (xMax - xMin) / cells;
                double p = fit.Probability(x, y);
                probability[row, col] = p;
                levels[row, col] = new Coordinates3d(x, y, p);
            }
        }

        Plot plot = Pictures.NewPlot();
        var heatmap = plot.Add.Heatmap(probability);
        heatmap.Colormap = new ScottPlot.Colormaps.CustomInterpolated(
            [Color.FromHex("#3B8B5A"), Color.FromHex("#F7F7F7"), Color.FromHex("#7B4FB0")]);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        heatmap.Opacity = 0.75;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "P(virginica)";

        var boundary = plot.Add.ContourLines(levels);
        boundary.ContourLineLevels = [0.5];
        boundary.Update(levels); // the levels are used when the lines are computed
        boundary.LineColor = Colors.Black;
        boundary.LineWidth = 2;
        boundary.LabelStyle.IsVisible = false;

        Color versicolor = Color.FromHex("#1E5E36");
        Color virginica = Color.FromHex("#4B2380");
        AddFlowers(plot, fit.Split.Train, 0, versicolor, MarkerShape.FilledCircle, "versicolor (training)");
        AddFlowers(plot, fit.Split.Train, 1, virginica, MarkerShape.FilledTriangleUp, "virginica (training)");
        AddFlowers(plot, fit.Split.Test, 0, versicolor, MarkerShape.OpenCircle, "versicolor (held out)");
        AddFlowers(plot, fit.Split.Test, 1, virginica, MarkerShape.OpenTriangleUp, "virginica (held out)");

        plot.Title($"Iris: logistic regression with L2 (λ = {Training.Lambda}), test accuracy {fit.TestAccuracy:P0}");
        plot.XLabel("petal length (cm)");
        plot.YLabel("petal width (cm)");
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        return Pictures.Save(plot, directory, BoundaryFile);
    }

    private static void AddFlowers(Plot plot, Set set, int label, Color color, MarkerShape shape, string legend)
    {
        var idx = Enumerable.Range(0, set.Labels.Length).Where(i => (int)set.Labels[i] == label).ToArray();
        var points = plot.Add.ScatterPoints(
            idx.Select(i => set.Flowers[i].PetalLength).ToArray(),
            idx.Select(i => set.Flowers[i].PetalWidth).ToArray());
        points.Color = color;
        points.MarkerShape = shape;
        points.MarkerSize = 8;
        points.LegendText = legend;
    }

    /// <summary>The regularised loss at each step.</summary>
    public static string DrawLoss(Fit fit, string directory)
    {
        Plot plot = Pictures.NewPlot();
        double[] steps = fit.History.Select(s => (double)s.Index).ToArray();
        var curve = plot.Add.ScatterLine(steps, fit.History.Select(s => s.Loss).ToArray());
        curve.Color = Colors.OrangeRed;
        curve.LineWidth = 2;
        plot.Title("Training loss: cross-entropy + (λ/2)·|w|²");
        plot.XLabel("step");
        plot.YLabel("loss");
        return Pictures.Save(plot, directory, LossFile);
    }
}
