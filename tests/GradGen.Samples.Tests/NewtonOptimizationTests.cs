using NewtonOptimization;

namespace GradGen.Samples.Tests;

[Collection(PicturesCollection.Name)]
public class NewtonOptimizationTests
{
    [Fact]
    public void Newton_with_the_generated_Hessian_reaches_Rosenbrocks_minimum_in_far_fewer_steps_than_gradient_descent()
    {
        OptimizationRun newton = Optimizers.Newton(Examples.Rosenbrock, Examples.RosenbrockStart);
        OptimizationRun descent = Optimizers.GradientDescent(Examples.Rosenbrock, Examples.RosenbrockStart, 100_000);

        Assert.True(newton.Converged && descent.Converged, $"Newton converged: {newton.Converged}, gradient descent: {descent.Converged}");
        Assert.True(newton.Iterations <= 30, $"Newton took {newton.Iterations} steps");
        Assert.True(descent.Iterations >= 100 * newton.Iterations, $"gradient descent took {descent.Iterations} steps, Newton {newton.Iterations}");
        foreach (OptimizationRun run in new[] { newton, descent })
        {
            Assert.Equal(Examples.RosenbrockMinimum[0], run.Final.Point[0], 4);
            Assert.Equal(Examples.RosenbrockMinimum[1], run.Final.Point[1], 4);
            Assert.True(run.Final.GradientNorm <= Optimizers.Tolerance);
        }
    }

    [Fact]
    public void Both_methods_find_the_same_logistic_regression_minimum_and_Newton_needs_a_handful_of_steps()
    {
        var (xs, ys) = Examples.MakeData();
        Problem problem = Examples.Logistic(xs, ys);
        OptimizationRun newton = Optimizers.Newton(problem, new double[3]);
        OptimizationRun descent = Optimizers.GradientDescent(problem, new double[3], 100_000);

        Assert.True(newton.Converged && descent.Converged);
        Assert.True(newton.Iterations <= 10, $"Newton took {newton.Iterations} steps");
        Assert.True(descent.Iterations >= 10 * newton.Iterations, $"gradient descent took {descent.Iterations} steps, Newton {newton.Iterations}");
        for (int i = 0; i < 3; i++) Assert.Equal(newton.Final.Point[i], descent.Final.Point[i], 4);
    }

    [Theory]
    [InlineData(-1.2, 1.0)]
    [InlineData(0.3, -0.4)]
    public void The_generated_Hessian_matches_finite_differences_of_the_generated_gradient(double x, double y)
    {
        double[,] h = Problems.RosenbrockHessian(x, y);
        Assertions.Close(Assertions.Central(v => Problems.RosenbrockGradient(v, y).x, x), h[0, 0], 1e-6, "∂²f/∂x²");
        Assertions.Close(Assertions.Central(v => Problems.RosenbrockGradient(x, v).x, y), h[0, 1], 1e-6, "∂²f/∂x∂y");
        Assertions.Close(Assertions.Central(v => Problems.RosenbrockGradient(v, y).y, x), h[1, 0], 1e-6, "∂²f/∂y∂x");
        Assertions.Close(Assertions.Central(v => Problems.RosenbrockGradient(x, v).y, y), h[1, 1], 1e-6, "∂²f/∂y²");
    }

    [Fact]
    public void The_program_runs_prints_both_iteration_counts_and_draws_two_pngs()
    {
        using var dir = new TempDirectory();
        var output = new StringWriter();
        TextWriter original = Console.Out;
        int code;
        try
        {
            Console.SetOut(output);
            code = (int)typeof(Problems).Assembly.EntryPoint!.Invoke(null, [new[] { "--out", dir.Path, "--delay-ms", "0" }])!;
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(0, code);
        string text = output.ToString();
        Assert.Contains("Rosenbrock: Newton converged in", text, StringComparison.Ordinal);
        Assert.Contains("Logistic regression: Newton converged in", text, StringComparison.Ordinal);
        Assertions.ArePngs(Directory.GetFiles(dir.Path), dir.Path, expectedCount: 2);
    }
}
