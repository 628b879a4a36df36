using GradGen.Samples;
using ScottPlot;

namespace NeuralNetwork;

/// <summary>The pictures of a training run.</summary>
public static class Plots
{
    /// <summary>File name of the decision boundary.</summary>
    public const string BoundaryFile = "decision-boundary.png";

    /// <summary>File name of the loss and accuracy curves.</summary>
    public const string LossFile = "loss.png";

    /// <summary>Draws both into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> DrawAll(TrainingResult result, string directory) =>
    [
        DrawBoundary(result, directory),
        DrawLoss(result, directory),
    ];

    /// <summary>The network's probability of class 1 over the plane, its 0.5 level line, and the data.</summary>
    public static string DrawBoundary(TrainingResult result, string directory)
    {
        Data data = result.Data;
        double xMin = data.X0.Min() - 0.4, xMax = data.X0.Max() + 0.4;
        double yMin = data.X1.Min() - 0.4, yMax = data.X1.Max() + 0.4;
        const int cells = 200;
        var probability = new double[cells, cells];
        var levels = new Coordinates3d[cells, cells];
        for (int row = 0; row < cells; row++)
        {
            double y = yMax - (row + 0.5) * (yMax - yMin) / cells;
            for (int col = 0; col < cells; col++)
            {
                double x = xMin + (col + 0.5) * (xMax - xMin) / cells;
                double p = Network.Probability(result.Parameters, x, y);
                probability[row, col] = p;
                levels[row, col] = new Coordinates3d(x, y, p);
            }
        }

        Plot plot = Pictures.NewPlot();
        var heatmap = plot.Add.Heatmap(probability);
        heatmap.Colormap = new ScottPlot.Colormaps.CustomInterpolated(
            [Color.FromHex("#3B6FB6"), Color.FromHex("#F7F7F7"), Color.FromHex("#D9622B")]);
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        heatmap.Opacity = 0.8;
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "P(class 1)";

        var boundary = plot.Add.ContourLines(levels);
        boundary.ContourLineLevels = [0.5];
        boundary.Update(levels); // the levels are used when the lines are computed
        boundary.LineColor = Colors.Black;
        boundary.LineWidth = 2;
        boundary.LabelStyle.IsVisible = false;

        AddClass(plot, data, 0, Color.FromHex("#1F4E8C"), MarkerShape.FilledCircle);
        AddClass(plot, data, 1, Color.FromHex("#A8431A"), MarkerShape.FilledTriangleUp);

        Epoch final = result.Final;
        plot.Title($"Two-layer perceptron 2→{Network.Hidden}→1: decision boundary (accuracy {final.Accuracy:P1})");
        plot.XLabel("x₀");
        plot.YLabel("x₁");
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        return Pictures.Save(plot, directory, BoundaryFile);
    }

    private static void AddClass(Plot plot, Data data, int label, Color color, MarkerShape shape)
    {
        var idx = Enumerable.Range(0, data.Count).Where(i => (int)data.Labels[i] == label).ToArray();
        var points = plot.Add.ScatterPoints(idx.Select(i => data.X0[i]).ToArray(), idx.Select(i => data.X1[i]).ToArray());
        points.Color = color;
        points.MarkerShape = shape;
        points.MarkerSize = 6;
        points.LegendText = $"class {label}";
    }

    /// <summary>Cross-entropy (log scale, left axis) and accuracy (right axis) after each epoch.</summary>
    public static string DrawLoss(TrainingResult result, string directory)
    {
        Plot plot = Pictures.NewPlot();
        double[] epochs = result.History.Select(e => (double)e.Index).ToArray();
        var loss = plot.Add.ScatterLine(epochs, result.History.Select(e => Math.Log10(e.Loss)).ToArray());
        loss.Color = Colors.OrangeRed;
        loss.LineWidth = 2;
        loss.LegendText = "loss (left)";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };

        var accuracy = plot.Add.ScatterLine(epochs, result.History.Select(e => 100 * e.Accuracy).ToArray());
        accuracy.Color = Colors.SteelBlue;
        accuracy.LineWidth = 2;
        accuracy.Axes.YAxis = plot.Axes.Right;
        accuracy.LegendText = "accuracy (right)";
        plot.Axes.Right.Label.Text = "accuracy (%)";
        plot.Axes.SetLimitsY(0, 101, plot.Axes.Right);

        plot.Title("Training: cross-entropy and accuracy on the data");
        plot.XLabel("epoch");
        plot.YLabel("mean cross-entropy (log scale)");
        plot.Legend.Alignment = Alignment.MiddleRight;
        plot.ShowLegend();
        return Pictures.Save(plot, directory, LossFile);
    }
}
