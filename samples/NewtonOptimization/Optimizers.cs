namespace NewtonOptimization;

/// <summary>A function to minimize, seen through flat vectors of its inputs.</summary>
public sealed record Problem(string Name, Func<double[], double> Value, Func<double[], double[]> Gradient, Func<double[], double[,]> Hessian);

/// <summary>One iterate: the point, its value and the norm of its gradient.</summary>
public sealed record Iterate(int Index, double[] Point, double Value, double GradientNorm);

/// <summary>A run of one method: every iterate, and whether the gradient's norm fell below the tolerance.</summary>
public sealed record OptimizationRun(string Method, IReadOnlyList<Iterate> Path, bool Converged)
{
    public Iterate Final => Path[^1];

    /// <summary>Steps taken (iterates after the start).</summary>
    public int Iterations => Path.Count - 1;
}

/// <summary>Newton's method and gradient descent, both with the same backtracking (Armijo) line search, both stopping when
/// |∇f| ≤ <see cref="Tolerance"/>.</summary>
public static class Optimizers
{
    /// <summary>The stopping tolerance on the gradient's Euclidean norm.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>
    /// Newton's method: the step d solves H d = −∇f (the generated Hessian), so that the quadratic model of f around the point
    /// is minimized; near the minimum it converges quadratically (the number of correct digits doubles each step). Where H is
    /// not positive definite (d is not a descent direction) it steps along −∇f instead.
    /// </summary>
    public static OptimizationRun Newton(Problem problem, double[] start, int maxIterations = 200, Action<Iterate>? onStep = null) =>
        Minimize("Newton", problem, start, maxIterations, onStep, (x, g) =>
        {
            double[] d = Solve(problem.Hessian(x), g.Select(v => -v).ToArray());
            return d is not null && Dot(d, g) < 0 ? d : g.Select(v => -v).ToArray();
        });

    /// <summary>Gradient descent: steps along −∇f, as far as the line search allows.</summary>
    public static OptimizationRun GradientDescent(Problem problem, double[] start, int maxIterations, Action<Iterate>? onStep = null) =>
        Minimize("Gradient descent", problem, start, maxIterations, onStep, (_, g) => g.Select(v => -v).ToArray());

    private static OptimizationRun Minimize(string method, Problem problem, double[] start, int maxIterations, Action<Iterate>? onStep,
        Func<double[], double[], double[]> direction)
    {
        double[] x = (double[])start.Clone();
        double f = problem.Value(x);
        double[] g = problem.Gradient(x);
        var path = new List<Iterate> { new(0, (double[])x.Clone(), f, Norm(g)) };
        onStep?.Invoke(path[0]);
        double step = 1;
        while (path[^1].GradientNorm > Tolerance && path.Count <= maxIterations)
        {
            double[] d = direction(x, g);
            double slope = Dot(g, d);

            // Backtracking: Newton tries the full step first; gradient descent starts from twice its last step.
            step = method == "Newton" ? 1 : Math.Min(1, 2 * step);
            double[] next = Add(x, step, d);
            double fNext = problem.Value(next);
            while (fNext > f + 1e-4 * step * slope && step > 1e-20)
            {
                step /= 2;
                next = Add(x, step, d);
                fNext = problem.Value(next);
            }

            x = next;
            f = fNext;
            g = problem.Gradient(x);
            path.Add(new Iterate(path.Count, (double[])x.Clone(), f, Norm(g)));
            onStep?.Invoke(path[^1]);
        }

        return new OptimizationRun(method, path, path[^1].GradientNorm <= Tolerance);
    }

    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting; null when A is singular.</summary>
    public static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (int k = 0; k < n; k++)
        {
            int pivot = k;
            for (int i = k + 1; i < n; i++)
            {
                if (Math.Abs(m[i, k]) > Math.Abs(m[pivot, k])) pivot = i;
            }

            if (m[pivot, k] == 0) return null!;
            for (int j = 0; j < n; j++) (m[k, j], m[pivot, j]) = (m[pivot, j], m[k, j]);
            (x[k], x[pivot]) = (x[pivot], x[k]);
            for (int i = k + 1; i < n; i++)
            {
                double factor = m[i, k] / m[k, k];
                for (int j = k; j < n; j++) m[i, j] -= factor * m[k, j];
                x[i] -= factor * x[k];
            }
        }

        for (int k = n - 1; k >= 0; k--)
        {
            for (int j = k + 1; j < n; j++) x[k] -= m[k, j] * x[j];
            x[k] /= m[k, k];
        }

        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    private static double[] Add(double[] x, double step, double[] d)
    {
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = x[i] + step * d[i];
        return r;
    }
}

/// <summary>The sample's two problems, their starts and data.</summary>
public static class Examples
{
    /// <summary>The classic start in Rosenbrock's valley.</summary>
    public static readonly double[] RosenbrockStart = [-1.2, 1.0];

    /// <summary>Where Rosenbrock's function has its minimum.</summary>
    public static readonly double[] RosenbrockMinimum = [1.0, 1.0];

    public static Problem Rosenbrock { get; } = new(
        "Rosenbrock",
        p => Problems.Rosenbrock(p[0], p[1]),
        p => { var (x, y) = Problems.RosenbrockGradient(p[0], p[1]); return [x, y]; },
        p => Problems.RosenbrockHessian(p[0], p[1]));

    public const double Lambda = 0.01;

    /// <summary>200 points of two features in two overlapping classes (a fixed seed), as flat rows and 0/1 labels.</summary>
    public static (double[] Xs, double[] Ys) MakeData(int count = 200, int seed = 7)
    {
        var random = new Random(seed);
        var xs = new double[count * 2];
        var ys = new double[count];
        for (int i = 0; i < count; i++)
        {
            ys[i] = i % 2;
            double cx = ys[i] > 0 ? 1.0 : -0.5, cy = ys[i] > 0 ? 0.5 : -1.0;
            xs[2 * i] = cx + Gaussian(random);
            xs[2 * i + 1] = cy + Gaussian(random);
        }

        return (xs, ys);
    }

    /// <summary>The regularized logistic loss of the data as a problem in (w₀, w₁, b).</summary>
    public static Problem Logistic(double[] xs, double[] ys) => new(
        "Logistic regression",
        p => Problems.Logistic(p[..2], p[2], xs, ys, Lambda),
        p => { var (w, b) = Problems.LogisticGradient(p[..2], p[2], xs, ys, Lambda); return [.. w, b]; },
        p => Problems.LogisticHessian(p[..2], p[2], xs, ys, Lambda));

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
