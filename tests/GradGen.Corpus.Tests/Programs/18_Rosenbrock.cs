using System;
using GradGen;

// The extended Rosenbrock function, the classic optimizer benchmark.
public static partial class TestFunctions
{
    [Differentiable]
    public static double Rosenbrock(double[] x)
    {
        double f = 0;
        for (int i = 0; i < x.Length - 1; i++)
            f += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return f;
    }
}

public static class Harness
{
    public static double[] Start() => [-1.2, 1.0, 0.8, -0.5, 1.1, 0.3];

    public static double Loss(double[] t) => TestFunctions.Rosenbrock(t);

    public static double[] Gradient(double[] t)
    {
        var (value, gradient) = TestFunctions.RosenbrockValueAndGradient(t);
        _ = value;
        return gradient;
    }
}
