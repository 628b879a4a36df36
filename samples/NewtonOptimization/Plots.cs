using GradGen.Samples;
using ScottPlot;

namespace NewtonOptimization;

/// <summary>The sample's two pictures.</summary>
public static class Plots
{
    /// <summary>File name of the two paths through Rosenbrock's valley.</summary>
    public const string PathsFile = "rosenbrock-paths.png";

    /// <summary>File name of the convergence of both methods on both problems.</summary>
    public const string ConvergenceFile = "convergence.png";

    public static IReadOnlyList<string> DrawAll(OptimizationRun newton, OptimizationRun descent,
        IReadOnlyList<(string Problem, OptimizationRun Newton, OptimizationRun Descent)> runs, string directory) =>
    [
        DrawPaths(newton, descent, directory),
        DrawConvergence(runs, directory),
    ];

    /// <summary>log₁₀(1 + f) of Rosenbrock's function as a heatmap with contour lines, and both methods' paths on it.</summary>
    public static string DrawPaths(OptimizationRun newton, OptimizationRun descent, string directory)
    {
        const double xMin = -2, xMax = 2, yMin = -1, yMax = 3;
        const int cells = 160;
        var intensities = new double[cells, cells];
        var levels = new Coordinates3d[cells, cells];
        for (int row = 0; row < cells; row++)
        {
            double y = yMax - (row + 0.5) * (yMax - yMin) / cells;
            for (int col = 0; col < cells; col++)
            {
                double x = xMin + (col + 0.5) * (xMax - xMin) / cells;
                double z = Math.Log10(1 + Problems.Rosenbrock(x, y));
                intensities[row, col] = z;
                levels[row, col] = new Coordinates3d(x, y, z);
            }
        }

        Plot plot = Pictures.NewPlot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "log₁₀(1 + f(x, y))";
        var contours = plot.Add.ContourLines(levels);
        contours.ContourLineCount = 14;
        contours.LineColor = Colors.White.WithAlpha(0.5);
        contours.LabelStyle.IsVisible = false;

        var gd = plot.Add.ScatterLine(descent.Path.Select(s => s.Point[0]).ToArray(), descent.Path.Select(s => s.Point[1]).ToArray());
        gd.Color = Colors.Orange;
        gd.LineWidth = 1.5f;
        gd.LegendText = $"gradient descent ({descent.Iterations:N0} steps)";
        var nt = plot.Add.Scatter(newton.Path.Select(s => s.Point[0]).ToArray(), newton.Path.Select(s => s.Point[1]).ToArray());
        nt.Color = Colors.OrangeRed;
        nt.LineWidth = 2.5f;
        nt.MarkerSize = 7;
        nt.LegendText = $"Newton, generated Hessian ({newton.Iterations} steps)";
        var minimum = plot.Add.Marker(1, 1);
        minimum.Color = Colors.White;
        minimum.MarkerSize = 12;
        minimum.LegendText = "minimum (1, 1)";

        plot.Title("Rosenbrock's valley: Newton's method against gradient descent");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
        return Pictures.Save(plot, directory, PathsFile);
    }

    /// <summary>log₁₀ |∇f| against the step, for both methods on both problems (steps on a log scale: log₁₀(1 + step)).</summary>
    public static string DrawConvergence(IReadOnlyList<(string Problem, OptimizationRun Newton, OptimizationRun Descent)> runs, string directory)
    {
        Plot plot = Pictures.NewPlot();
        Color[] colors = [Colors.OrangeRed, Colors.Orange, Colors.RoyalBlue, Colors.SkyBlue];
        int k = 0;
        foreach ((string problem, OptimizationRun newton, OptimizationRun descent) in runs)
        {
            foreach (OptimizationRun run in new[] { newton, descent })
            {
                var line = plot.Add.ScatterLine(
                    run.Path.Select(s => Math.Log10(1 + s.Index)).ToArray(),
                    run.Path.Select(s => Math.Log10(Math.Max(s.GradientNorm, 1e-17))).ToArray());
                line.Color = colors[k++ % colors.Length];
                line.LineWidth = 2;
                line.LegendText = $"{problem}: {run.Method} ({run.Iterations:N0} steps)";
            }
        }

        var tolerance = plot.Add.HorizontalLine(Math.Log10(Optimizers.Tolerance));
        tolerance.Color = Colors.Gray;
        tolerance.LinePattern = LinePattern.Dashed;
        tolerance.LegendText = "tolerance |∇f| = 1e-6";
        plot.Title("Convergence: Newton's method against gradient descent");
        plot.XLabel("log₁₀(1 + step)");
        plot.YLabel("log₁₀ |∇f|");
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend();
        return Pictures.Save(plot, directory, ConvergenceFile);
    }
}
