// Minimizes two functions with Newton's method, whose Hessian GradGen generates ([Differentiable(Hessian = true)] makes
// Problems.RosenbrockHessian and Problems.LogisticHessian at compile time), and with gradient descent, and prints how
// many steps each needs to bring the gradient's norm below 1e-6. Then it draws both paths through Rosenbrock's valley and
// the convergence of both methods as PNGs.
using System.Globalization;
using GradGen.Samples;
using NewtonOptimization;
using Spectre.Console;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

const int DefaultLimit = 100_000;
SampleOptions options;
try
{
    options = SampleOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(SampleOptions.Usage("NewtonOptimization", "most gradient-descent steps", DefaultLimit, "samples/NewtonOptimization/out"));
    return 2;
}

if (options.Help)
{
    Console.WriteLine(SampleOptions.Usage("NewtonOptimization", "most gradient-descent steps", DefaultLimit, "samples/NewtonOptimization/out"));
    return 0;
}

int limit = options.Iterations ?? DefaultLimit;
string outDir = Path.GetFullPath(options.OutputDirectory ?? OutputDirectories.Default("NewtonOptimization"));
bool interactive = AnsiConsole.Profile.Capabilities.Interactive;
int delay = options.DelayMilliseconds ?? (interactive ? 150 : 0);

AnsiConsole.MarkupLine("[bold]GradGen sample: Newton's method with a generated Hessian[/] — against gradient descent.");
AnsiConsole.MarkupLine($"Both use the same backtracking line search and stop when |∇f| ≤ {Optimizers.Tolerance:0e+00} (gradient descent after at most {limit:N0} steps).");
AnsiConsole.WriteLine();

var (xs, ys) = Examples.MakeData();
var results = new List<(Problem Problem, OptimizationRun Newton, OptimizationRun Descent)>();
foreach ((Problem problem, double[] start) in new[] { (Examples.Rosenbrock, Examples.RosenbrockStart), (Examples.Logistic(xs, ys), new double[3]) })
{
    AnsiConsole.MarkupLine($"[bold]{problem.Name}[/] from ({string.Join(", ", start)}): Newton's steps");
    OptimizationRun newton = Optimizers.Newton(problem, start, onStep: s =>
    {
        AnsiConsole.MarkupLine($"  step {s.Index,3}  f {s.Value,14:E6}  |∇f| {s.GradientNorm:0.00e+00}  at ({string.Join(", ", s.Point.Select(v => v.ToString("F6")))})");
        if (delay > 0) Thread.Sleep(delay);
    });
    OptimizationRun descent = Optimizers.GradientDescent(problem, start, limit);
    results.Add((problem, newton, descent));
    AnsiConsole.WriteLine();
}

var table = new Table().Border(TableBorder.Rounded)
    .AddColumn("problem").AddColumn("method").AddColumn(new TableColumn("steps").RightAligned())
    .AddColumn(new TableColumn("final f").RightAligned()).AddColumn(new TableColumn("|∇f|").RightAligned()).AddColumn("minimum found");
foreach ((Problem problem, OptimizationRun newton, OptimizationRun descent) in results)
{
    foreach (OptimizationRun run in new[] { newton, descent })
    {
        Iterate last = run.Final;
        table.AddRow(problem.Name, run.Method, run.Converged ? $"{run.Iterations:N0}" : $"> {run.Iterations:N0}",
            $"{last.Value:G6}", $"{last.GradientNorm:0.00e+00}", "(" + string.Join(", ", last.Point.Select(v => v.ToString("F6"))) + ")");
    }
}

AnsiConsole.Write(table);
foreach ((Problem problem, OptimizationRun newton, OptimizationRun descent) in results)
{
    AnsiConsole.MarkupLine($"{problem.Name}: Newton converged in [green]{newton.Iterations}[/] steps, gradient descent in [yellow]{(descent.Converged ? descent.Iterations.ToString("N0") : "more than " + descent.Iterations.ToString("N0"))}[/].");
}

AnsiConsole.WriteLine();
IReadOnlyList<string> pictures = Plots.DrawAll(results[0].Newton, results[0].Descent, results.Select(r => (r.Problem.Name, r.Newton, r.Descent)).ToList(), outDir);
AnsiConsole.MarkupLine($"Pictures written to [link]{Markup.Escape(outDir)}[/]:");
foreach (string picture in pictures)
{
    AnsiConsole.MarkupLine($"  {Markup.Escape(Path.GetFileName(picture))}");
}

return 0;
