using GradGen.Samples;
using ScottPlot;

namespace LinearRegression;

/// <summary>The three pictures of a descent.</summary>
public static class Plots
{
    /// <summary>File name of the loss surface with the descent path.</summary>
    public const string SurfaceFile = "loss-surface.png";

    /// <summary>File name of the fitted line over the data.</summary>
    public const string FitFile = "fit.png";

    /// <summary>File name of the loss curve.</summary>
    public const string LossFile = "loss.png";

    /// <summary>Draws all three into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> DrawAll(DescentResult result, string directory) =>
    [
        DrawSurface(result, directory),
        DrawFit(result, directory),
        DrawLoss(result, directory),
    ];

    /// <summary>
    /// log₁₀ L(w, b) over a grid around the path as a heatmap with contour lines, the descent path on it,
    /// and arrows along −∇L (the direction each step goes) at a few points of the path.
    /// </summary>
    public static string DrawSurface(DescentResult result, string directory)
    {
        IReadOnlyList<Step> path = result.Path;
        (double fitW, double fitB) = Descent.LeastSquares(result.Xs, result.Ys);

        // A square-ish window holding the path and the minimum, with a margin.
        double wMin = Math.Min(path.Min(s => s.W), fitW);
        double wMax = Math.Max(path.Max(s => s.W), fitW);
        double bMin = Math.Min(path.Min(s => s.B), fitB);
        double bMax = Math.Max(path.Max(s => s.B), fitB);
        double span = Math.Max(Math.Max(wMax - wMin, bMax - bMin), 1.0) * 1.25;
        double wMid = (wMin + wMax) / 2;
        double bMid = (bMin + bMax) / 2;
        wMin = wMid - span / 2;
        wMax = wMid + span / 2;
        bMin = bMid - span / 2;
        bMax = bMid + span / 2;

        const int cells = 160;
        var intensities = new double[cells, cells];
        var levels = new Coordinates3d[cells, cells];
        for (int row = 0; row < cells; row++)
        {
            // Row 0 is drawn at the top of a heatmap: it holds the largest b.
            double b = bMax - (row + 0.5) * (bMax - bMin) / cells;
            for (int col = 0; col < cells; col++)
            {
                double w = wMin + (col + 0.5) * (wMax - wMin) / cells;
                double z = Math.Log10(Losses.Mse(w, b, result.Xs, result.Ys));
                intensities[row, col] = z;
                levels[row, col] = new Coordinates3d(w, b, z);
            }
        }

        Plot plot = Pictures.NewPlot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(wMin, wMax, bMin, bMax);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "log₁₀ L(w, b)";

        var contours = plot.Add.ContourLines(levels);
        contours.ContourLineCount = 14;
        contours.LineColor = Colors.White.WithAlpha(0.55);
        contours.LabelStyle.IsVisible = false;

        double[] pathW = path.Select(s => s.W).ToArray();
        double[] pathB = path.Select(s => s.B).ToArray();
        var line = plot.Add.ScatterLine(pathW, pathB);
        line.Color = Colors.OrangeRed;
        line.LineWidth = 2;
        line.MarkerSize = 4;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.LegendText = $"descent path ({path.Count - 1} steps)";

        // Arrows of −∇L at a few early steps, all scaled by one factor so their lengths compare.
        int[] at = new[] { 0, 2, 5, 10, 20, 40 }.Where(i => i < path.Count).ToArray();
        double longest = at.Max(i => Math.Sqrt(path[i].GradW * path[i].GradW + path[i].GradB * path[i].GradB));
        double scale = longest > 0 ? 0.18 * span / longest : 0;
        foreach (int i in at)
        {
            Step s = path[i];
            var arrow = plot.Add.Arrow(
                new Coordinates(s.W, s.B),
                new Coordinates(s.W - scale * s.GradW, s.B - scale * s.GradB));
            arrow.ArrowFillColor = Colors.White;
            arrow.ArrowLineColor = Colors.Black;
            arrow.ArrowLineWidth = 1;
            if (i == at[0])
            {
                arrow.LegendText = "−∇L (generated gradient)";
            }
        }

        var start = plot.Add.Marker(path[0].W, path[0].B, MarkerShape.FilledSquare, 10, Colors.OrangeRed);
        start.LegendText = "start";
        var best = plot.Add.Marker(fitW, fitB, MarkerShape.Cross, 16, Colors.Magenta);
        best.LineWidth = 3;
        best.LegendText = "least-squares minimum";

        plot.Title("Loss surface L(w, b) and the gradient-descent path");
        plot.XLabel("w (slope)");
        plot.YLabel("b (intercept)");
        plot.Axes.SetLimits(wMin, wMax, bMin, bMax);
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        return Pictures.Save(plot, directory, SurfaceFile);
    }

    /// <summary>The data, the line the descent found and the line the data was made from.</summary>
    public static string DrawFit(DescentResult result, string directory)
    {
        Plot plot = Pictures.NewPlot();
        var points = plot.Add.ScatterPoints(result.Xs, result.Ys);
        points.MarkerSize = 4;
        points.Color = Colors.SteelBlue.WithAlpha(0.7);
        points.LegendText = $"data ({result.Xs.Length} points)";

        double x0 = result.Xs.Min();
        double x1 = result.Xs.Max();
        Step final = result.Final;
        var fit = plot.Add.Line(x0, final.W * x0 + final.B, x1, final.W * x1 + final.B);
        fit.Color = Colors.OrangeRed;
        fit.LineWidth = 3;
        fit.LegendText = $"fitted: y = {final.W:F3}·x {Signed(final.B)}";

        var truth = plot.Add.Line(x0, Descent.TrueW * x0 + Descent.TrueB, x1, Descent.TrueW * x1 + Descent.TrueB);
        truth.Color = Colors.Black;
        truth.LinePattern = LinePattern.Dashed;
        truth.LineWidth = 1.5f;
        truth.LegendText = $"true: y = {Descent.TrueW:F1}·x {Signed(Descent.TrueB)}";

        plot.Title("Fitted line over the data");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
        return Pictures.Save(plot, directory, FitFile);
    }

    /// <summary>The loss at each step, on a logarithmic axis.</summary>
    public static string DrawLoss(DescentResult result, string directory)
    {
        Plot plot = Pictures.NewPlot();
        double[] steps = result.Path.Select(s => (double)s.Index).ToArray();
        double[] logLoss = result.Path.Select(s => Math.Log10(s.Loss)).ToArray();
        var curve = plot.Add.ScatterLine(steps, logLoss);
        curve.LineWidth = 2;
        curve.Color = Colors.OrangeRed;
        LogAxis(plot);
        plot.Title("Loss during gradient descent");
        plot.XLabel("step");
        plot.YLabel("L(w, b)  (log scale)");
        return Pictures.Save(plot, directory, LossFile);
    }

    /// <summary>Labels the left axis, which holds log₁₀ of the values, with the values themselves.</summary>
    internal static void LogAxis(Plot plot)
    {
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            // Major ticks at powers of ten, minor ticks at 2·10ᵏ … 9·10ᵏ.
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static string Signed(double value) =>
        value < 0 ? $"− {-value:F3}" : $"+ {value:F3}";
}
