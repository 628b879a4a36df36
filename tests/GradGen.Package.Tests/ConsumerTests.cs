using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GradGen.Package.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace GradGen.Package.Tests;

/// <summary>
/// The real user path: a fresh project references the packed GradGen package, builds with the generator and
/// analyzer from the package, and runs the generated gradients.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class ConsumerTests
{
    // The contract's examples, unchanged.
    private const string Losses = """
        public static partial class Losses
        {
            [Differentiable]
            public static double Quadratic(double x, double y) => x * x + 3 * y * y;

            [Differentiable]
            public static double Mse(double w, double b,
                [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = ys[i] - (w * xs[i] + b);
                    sum += r * r;
                }
                return sum / xs.Length;
            }
        }
        """;

    private const string GradientsProgram = """
        using GradGen;

        static void Print(string name, params double[] values) =>
            Console.WriteLine(name + " " + string.Join(" ", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

        var g = Losses.QuadraticGradient(3, 2);
        Print("QuadraticGradient", g.x, g.y);

        var vg = Losses.QuadraticValueAndGradient(3, 2);
        Print("QuadraticValueAndGradient", vg.Value, vg.Gradient.x, vg.Gradient.y);

        double[] xs = { 1, 2, 3 };
        double[] ys = { 2, 3, 5 };
        var mg = Losses.MseGradient(0.5, 0.25, xs, ys);
        Print("MseGradient", mg.w, mg.b);
        var mvg = Losses.MseValueAndGradient(0.5, 0.25, xs, ys);
        Print("MseValue", Losses.Mse(0.5, 0.25, xs, ys), mvg.Value);

        // The batch form: zero the adjoints, call once per sample with its seed, read the sums.
        double dx = 0, dy = 0;
        double v1 = Losses.QuadraticPullback(3, 2, 1.0, ref dx, ref dy);
        double v2 = Losses.QuadraticPullback(1, 1, 2.0, ref dx, ref dy);
        Print("QuadraticPullback", v1, v2, dx, dy);

        """ + Losses;

    private readonly PackageFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ConsumerTests(PackageFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void A_project_referencing_the_package_builds_and_runs_the_generated_gradients()
    {
        _fixture.RequirePackage();
        ConsumerProject consumer = ConsumerProject.Create(_fixture, "GradientsConsumer", GradientsProgram);

        ProcessResult build = consumer.Build();
        _output.WriteLine($"consumer build: exit {build.ExitCode}, {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(build.Succeeded, "The consumer did not build: " + build.Describe());
        AssertRestoredTheFreshlyPackedPackage();

        // GradGen.dll is a reference of the app; the generator is a compiler plug-in and stays out of the output.
        Assert.True(File.Exists(Path.Combine(consumer.OutputDirectory, PackageExpectations.LibraryAssembly)),
            $"{PackageExpectations.LibraryAssembly} is not in the consumer's output. " + build.Describe());
        foreach (string analyzer in PackageExpectations.AnalyzerAssemblies)
        {
            Assert.False(File.Exists(Path.Combine(consumer.OutputDirectory, analyzer)),
                $"{analyzer} was copied to the consumer's output: it is packed as a reference, not as an analyzer.");
        }

        ProcessResult run = consumer.Run();
        _output.WriteLine($"consumer run: exit {run.ExitCode}, {run.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine(run.Output);
        Assert.True(run.Succeeded, "The consumer did not run: " + run.Describe());
        Dictionary<string, double[]> printed = ParseOutput(run);

        // Q = x^2 + 3y^2: dQ/dx = 2x = 6, dQ/dy = 6y = 12 at (3, 2); Q(3, 2) = 21.
        AssertValues(printed, run, "QuadraticGradient", 6, 12);
        AssertValues(printed, run, "QuadraticValueAndGradient", 21, 6, 12);

        // L = (1/n) sum (y_i - (w x_i + b))^2 at w = 0.5, b = 0.25, x = (1, 2, 3), y = (2, 3, 5):
        // residuals r = (1.25, 1.75, 3.25);
        // dL/dw = -(2/n) sum r_i x_i = -(2/3)(1.25 + 3.5 + 9.75) = -(2/3)(14.5) = -29/3
        // dL/db = -(2/n) sum r_i     = -(2/3)(6.25)                            = -25/6
        AssertValues(printed, run, "MseGradient", -29.0 / 3, -25.0 / 6);

        // L = (1.5625 + 3.0625 + 10.5625) / 3 = 5.0625, and the generated value is F's own, bit for bit.
        double[] mseValues = Single(printed, run, "MseValue", 2);
        Assert.True(mseValues[0] == 5.0625, $"Mse(...) printed {mseValues[0]:R}, expected 5.0625. " + run.Describe());
        Assert.True(BitConverter.DoubleToInt64Bits(mseValues[0]) == BitConverter.DoubleToInt64Bits(mseValues[1]),
            $"MseValueAndGradient(...).Value {mseValues[1]:R} differs from Mse(...) {mseValues[0]:R}. " + run.Describe());

        // Pullback accumulates seed * gradient: 1 * (6, 12) at (3, 2) plus 2 * (2, 6) at (1, 1) = (10, 24);
        // it returns Q: 21 and 4.
        AssertValues(printed, run, "QuadraticPullback", 21, 4, 10, 24);
    }

    // ML code as users write it: helpers without the attribute (one recursive), jagged data, a buffer per sample,
    // LINQ, a switch expression, a tuple update, a cast to int. The program checks its own gradient against central
    // finite differences and prints the worst relative error.
    private const string EverydayProgram = """
        using System.Linq;
        using GradGen;

        double[][] xs = [[0.5, -1.0], [1.5, 0.25], [-0.3, 0.8], [2.0, -2.0]];
        int[] labels = [2, 0, 1, 2];
        double[] w = [0.1, -0.23, 0.3, 0.05, -0.4, 0.2];
        double[] g = Model.LossGradient(w, xs, labels, Activation.Tanh);
        double worst = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double h = 1e-6;
            double[] up = (double[])w.Clone(), down = (double[])w.Clone();
            up[i] += h;
            down[i] -= h;
            double fd = (Model.Loss(up, xs, labels, Activation.Tanh) - Model.Loss(down, xs, labels, Activation.Tanh)) / (2 * h);
            worst = Math.Max(worst, Math.Abs(fd - g[i]) / (1 + Math.Abs(fd)));
        }

        Console.WriteLine("WorstRelativeError " + worst.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("Value " + Model.Loss(w, xs, labels, Activation.Tanh).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            + " " + Model.LossValueAndGradient(w, xs, labels, Activation.Tanh).Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        public enum Activation { Identity, Tanh }

        public static partial class Model
        {
            static double Act(double z, Activation a) => a switch
            {
                Activation.Tanh => Math.Tanh(z),
                _ => z,
            };

            static double Cdf(double x)
            {
                if (x < 0) return 1 - Cdf(-x);
                return 1 - 0.5 * Math.Exp(-x * x);
            }

            [Differentiable]
            public static double Loss(double[] w, [NoDerivative] double[][] xs, int[] labels, Activation activation)
            {
                int k = w.Length / xs[0].Length;
                double loss = 0;
                for (int n = 0; n < xs.Length; n++)
                {
                    var logits = new double[k];
                    var x = xs[n];
                    for (int c = 0; c < k; c++)
                    {
                        for (int j = 0; j < x.Length; j++) logits[c] += w[c * x.Length + j] * x[j];
                        logits[c] = Act(logits[c], activation);
                    }

                    double max = logits.Max();
                    double sum = 0;
                    foreach (double z in logits) sum += Math.Exp(z - max);
                    loss += Math.Log(sum) + max - logits[labels[n]];
                }

                var (a, b) = (w[0], w[1]);
                (a, b) = (b, a * Cdf(b));
        #pragma warning disable GG1001 // a bucket is a step on purpose
                int bucket = (int)Math.Clamp(Math.Abs(a) * 10, 0, 3);
        #pragma warning restore GG1001
                return loss / xs.Length + 0.01 * (a * a + b * b) * (bucket + 1);
            }
        }
        """;

    /// <summary>Builds a consumer of the packed package (warnings as errors), runs it, and checks the worst relative difference it
    /// printed between the generated gradient and central finite differences.</summary>
    private (ProcessResult Run, Dictionary<string, double[]> Printed) BuildRunAndCheckFiniteDifferences(string name, string program)
    {
        _fixture.RequirePackage();
        ConsumerProject consumer = ConsumerProject.Create(_fixture, name, program);
        ProcessResult build = consumer.Build();
        Assert.True(build.Succeeded, "The consumer did not build: " + build.Describe());
        ProcessResult run = consumer.Run();
        _output.WriteLine(run.Output);
        Assert.True(run.Succeeded, "The consumer did not run: " + run.Describe());
        Dictionary<string, double[]> printed = ParseOutput(run);
        double worst = Single(printed, run, "WorstRelativeError", 1)[0];
        Assert.True(worst < 1e-6, $"The generated gradient differs from finite differences by {worst:R} (relative). " + run.Describe());
        return (run, printed);
    }

    [Fact]
    public void Everyday_ML_code_builds_with_warnings_as_errors_and_its_gradient_matches_finite_differences()
    {
        (ProcessResult run, Dictionary<string, double[]> printed) = BuildRunAndCheckFiniteDifferences("EverydayConsumer", EverydayProgram);
        double[] values = Single(printed, run, "Value", 2);
        Assert.True(BitConverter.DoubleToInt64Bits(values[0]) == BitConverter.DoubleToInt64Bits(values[1]),
            $"LossValueAndGradient(...).Value {values[1]:R} differs from Loss(...) {values[0]:R}. " + run.Describe());
    }

    // Weights as users hold them: a double[,] layer, jagged prototypes (a row passed to a helper), a local double[,].
    private const string GridProgram = """
        using GradGen;

        double[,] w = { { 0.3, -0.2, 0.5 }, { 0.1, 0.4, -0.6 } };
        double[][] prototypes = [[0.2, -0.1], [0.7, 0.3]];
        double[][] xs = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.7], [-0.3, 0.8, 0.1]];
        var (gw, gp) = Grid.LossGradient(w, prototypes, xs);
        var flat = new List<(double Analytic, Func<double, double> At)>();
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
            {
                var (r, c) = (i, j);
                flat.Add((gw[i, j], v => { var m = (double[,])w.Clone(); m[r, c] = v; return Grid.Loss(m, prototypes, xs); }));
            }

        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
            {
                var (r, c) = (i, j);
                flat.Add((gp[i][j], v => { var p = prototypes.Select(row => (double[])row.Clone()).ToArray(); p[r][c] = v; return Grid.Loss(w, p, xs); }));
            }

        double[] origin = [.. w.Cast<double>(), .. prototypes.SelectMany(row => row)];
        double worst = 0;
        for (int k = 0; k < flat.Count; k++)
        {
            double h = 1e-6, x = origin[k];
            double fd = (flat[k].At(x + h) - flat[k].At(x - h)) / (2 * h);
            worst = Math.Max(worst, Math.Abs(fd - flat[k].Analytic) / (1 + Math.Abs(fd)));
        }

        var aw = new double[2, 3];
        double[][] ap = [new double[2], new double[2]];
        double value = Grid.LossPullback(w, prototypes, xs, 2.0, aw, ap);
        Console.WriteLine("WorstRelativeError " + worst.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        double pullbackError = 0;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) pullbackError = Math.Max(pullbackError, Math.Abs(aw[i, j] - 2 * gw[i, j]));
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) pullbackError = Math.Max(pullbackError, Math.Abs(ap[i][j] - 2 * gp[i][j]));
        Console.WriteLine("PullbackError " + pullbackError.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Console.WriteLine("Value " + Grid.Loss(w, prototypes, xs).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
            + " " + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));

        public static partial class Grid
        {
            static double Distance(double[] a, double[] b)
            {
                double s = 0;
                for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
                return s;
            }

            [Differentiable]
            public static double Loss(double[,] w, double[][] prototypes, [NoDerivative] double[][] xs)
            {
                int rows = w.GetLength(0);
                var h = new double[xs.Length, rows];
                for (int n = 0; n < xs.Length; n++)
                    for (int i = 0; i < rows; i++)
                    {
                        double a = 0;
                        for (int j = 0; j < w.GetLength(1); j++) a += w[i, j] * xs[n][j];
                        h[n, i] = Math.Tanh(a);
                    }

                double loss = 0;
                for (int n = 0; n < xs.Length; n++)
                {
                    var z = new double[rows];
                    for (int i = 0; i < rows; i++) z[i] = h[n, i];
                    double best = double.MaxValue;
                    foreach (double[] p in prototypes) best = Math.Min(best, Distance(z, p));
                    loss += best;
                }

                return loss / xs.Length;
            }
        }
        """;

    [Fact]
    public void Jagged_and_two_dimensional_weights_get_gradients_and_adjoints_of_their_shape()
    {
        (ProcessResult run, Dictionary<string, double[]> printed) = BuildRunAndCheckFiniteDifferences("GridConsumer", GridProgram);
        double pullbackError = Single(printed, run, "PullbackError", 1)[0];
        Assert.True(pullbackError < 1e-12, "The pullback's adjoints (seed 2) are not twice the gradient. " + run.Describe());
        double[] values = Single(printed, run, "Value", 2);
        Assert.True(BitConverter.DoubleToInt64Bits(values[0]) == BitConverter.DoubleToInt64Bits(values[1]),
            $"LossPullback(...) returned {values[1]:R}, Loss(...) {values[0]:R}. " + run.Describe());
    }

    // A function of another assembly (the base library's Math.IEEERemainder, which GradGen does not differentiate) given its
    // derivatives by the user, checked with the package's own GradientChecker.
    private const string CustomDerivativeProgram = """
        using System.Globalization;
        using GradGen;

        var check = GradientChecker.Compare(
            p => Periodic.Loss(p[0], p[1]),
            p => { var g = Periodic.LossGradient(p[0], p[1]); return new[] { g.x, g.period }; },
            new[] { 2.3, 1.0 });
        Console.WriteLine("WorstRelativeError " + check.MaxError.ToString("R", CultureInfo.InvariantCulture));
        var (dx, dp) = Periodic.LossGradient(2.3, 1.0);
        var (value, tangent) = Periodic.LossPushforward(2.3, 1.0, 1.0, 0.5);
        Console.WriteLine("Gradient " + dx.ToString("R", CultureInfo.InvariantCulture) + " " + dp.ToString("R", CultureInfo.InvariantCulture));
        Console.WriteLine("Pushforward " + value.ToString("R", CultureInfo.InvariantCulture) + " " + tangent.ToString("R", CultureInfo.InvariantCulture));

        public static partial class Periodic
        {
            [CustomPullback(typeof(Math), nameof(Math.IEEERemainder))]
            internal static double RemainderPullback(double x, double y, double seed, ref double xAdjoint, ref double yAdjoint)
            {
                xAdjoint += seed;
                yAdjoint -= seed * Math.Round(x / y);
                return Math.IEEERemainder(x, y);
            }

            [CustomPushforward(typeof(Math), nameof(Math.IEEERemainder))]
            internal static (double Value, double Tangent) RemainderPushforward(double x, double y, double xTangent, double yTangent) =>
                (Math.IEEERemainder(x, y), xTangent - Math.Round(x / y) * yTangent);

            [Differentiable(Forward = true)]
            public static double Loss(double x, double period)
            {
                double r = Math.IEEERemainder(x * x, period);
                return r * r + Math.Sin(period);
            }
        }
        """;

    [Fact]
    public void A_library_function_with_a_custom_pullback_and_pushforward_differentiates_in_both_modes()
    {
        (ProcessResult run, Dictionary<string, double[]> printed) = BuildRunAndCheckFiniteDifferences("CustomDerivativeConsumer", CustomDerivativeProgram);
        // L = r² + sin p with r = x² − 5p (x² = 5.29 rounds to 5 periods): ∂L/∂x = 4xr, ∂L/∂p = −10r + cos p.
        double x = 2.3, r = x * x - 5.0;
        double[] gradient = Single(printed, run, "Gradient", 2);
        Assert.True(Math.Abs(gradient[0] - 4 * x * r) < 1e-12 && Math.Abs(gradient[1] - (-10 * r + Math.Cos(1.0))) < 1e-12,
            $"LossGradient(2.3, 1) printed ({gradient[0]:R}, {gradient[1]:R}). " + run.Describe());
        double[] pushed = Single(printed, run, "Pushforward", 2);
        Assert.True(Math.Abs(pushed[1] - (gradient[0] + 0.5 * gradient[1])) < 1e-12, $"The pushforward along (1, 0.5) is {pushed[1]:R}. " + run.Describe());
    }

    // Models (CONTRACT "Model types") as ML code holds them: a record-struct linear model with its own [Differentiable]
    // operators, and an MLP in a class with weight arrays whose loss calls its forward pass; both trained with the pullback.
    private const string ModelsProgram = """
        using System.Globalization;
        using GradGen;

        double[] xs = { -1.0, -0.5, 0.0, 0.5, 1.0, 1.5 };
        double[] ys = new double[xs.Length];
        for (int i = 0; i < xs.Length; i++) ys[i] = 2.5 * xs[i] - 1.2;

        // The linear model: its gradient against finite differences, then 300 steps of descent.
        var check = GradientChecker.Compare(
            p => Fit.Mse(new Line(p[0], p[1]), xs, ys),
            p => { Line g = Fit.MseGradient(new Line(p[0], p[1]), xs, ys); return new[] { g.W, g.B }; },
            new[] { 0.3, 0.1 });
        var line = new Line(0.3, 0.1);
        double before = Fit.Mse(line, xs, ys);
        for (int step = 0; step < 300; step++)
        {
            var g = default(Line);
            Fit.MsePullback(line, xs, ys, 1.0, ref g);
            line = line - 0.1 * g;
        }

        Console.WriteLine("Line " + string.Join(" ", new[] { before, Fit.Mse(line, xs, ys), line.W, line.B }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

        // The MLP held in a class: its gradient against finite differences, then 200 steps of descent.
        var net = Mlp.Create(3, seed: 7);
        double[] flat = net.Flat();
        var mlpCheck = GradientChecker.Compare(
            p => Fit.Loss(Mlp.From(p, 3), xs, ys),
            p => Fit.LossGradient(Mlp.From(p, 3), xs, ys).Flat(),
            flat);
        double mlpBefore = Fit.Loss(net, xs, ys);
        var grad = Mlp.Create(3, seed: 0);
        for (int step = 0; step < 200; step++)
        {
            grad.Clear();
            Fit.LossPullback(net, xs, ys, 1.0, ref grad);
            net.Step(grad, 0.05);
        }

        Console.WriteLine("Mlp " + string.Join(" ", new[] { mlpBefore, Fit.Loss(net, xs, ys) }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        Console.WriteLine("WorstRelativeError " + Math.Max(check.MaxError, mlpCheck.MaxError).ToString("R", CultureInfo.InvariantCulture));

        public readonly partial record struct Line(double W, double B)
        {
            [Differentiable] public static Line operator -(Line a, Line b) => new(a.W - b.W, a.B - b.B);
            [Differentiable] public static Line operator *(double s, Line a) => new(s * a.W, s * a.B);
        }

        public sealed class Mlp
        {
            public double[] W1 = Array.Empty<double>();
            public double[] B1 = Array.Empty<double>();
            public double[] W2 = Array.Empty<double>();
            public double B2;

            public static Mlp Create(int hidden, int seed)
            {
                var random = new Random(seed);
                var m = new Mlp { W1 = new double[hidden], B1 = new double[hidden], W2 = new double[hidden] };
                if (seed == 0) return m;
                for (int j = 0; j < hidden; j++) (m.W1[j], m.B1[j], m.W2[j]) = (random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5);
                return m;
            }

            public double[] Flat() => [.. W1, .. B1, .. W2, B2];

            public static Mlp From(double[] p, int hidden) =>
                new() { W1 = p[..hidden], B1 = p[hidden..(2 * hidden)], W2 = p[(2 * hidden)..(3 * hidden)], B2 = p[3 * hidden] };

            public void Clear()
            {
                Array.Clear(W1);
                Array.Clear(B1);
                Array.Clear(W2);
                B2 = 0;
            }

            public void Step(Mlp g, double rate)
            {
                for (int j = 0; j < W1.Length; j++) (W1[j], B1[j], W2[j]) = (W1[j] - rate * g.W1[j], B1[j] - rate * g.B1[j], W2[j] - rate * g.W2[j]);
                B2 -= rate * g.B2;
            }
        }

        public static partial class Fit
        {
            [Differentiable]
            public static double Mse(Line m, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = m.W * xs[i] + m.B - ys[i];
                    sum += r * r;
                }

                return sum / xs.Length;
            }

            private static double Forward(Mlp net, double x)
            {
                double y = net.B2;
                for (int j = 0; j < net.W1.Length; j++) y += net.W2[j] * Math.Tanh(net.W1[j] * x + net.B1[j]);
                return y;
            }

            [Differentiable]
            public static double Loss(Mlp net, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = Forward(net, xs[i]) - ys[i];
                    sum += r * r;
                }

                return sum / xs.Length;
            }
        }
        """;

    [Fact]
    public void A_record_struct_model_with_operators_and_an_MLP_class_train_through_the_package()
    {
        (ProcessResult run, Dictionary<string, double[]> printed) = BuildRunAndCheckFiniteDifferences("ModelsConsumer", ModelsProgram);
        double[] line = Single(printed, run, "Line", 4);
        Assert.True(line[1] < 1e-6 * line[0] && Math.Abs(line[2] - 2.5) < 1e-3 && Math.Abs(line[3] + 1.2) < 1e-3,
            $"Descent on the linear model went from {line[0]:R} to {line[1]:R}, at W = {line[2]:R}, B = {line[3]:R} (the data are 2.5x - 1.2). " + run.Describe());
        double[] mlp = Single(printed, run, "Mlp", 2);
        Assert.True(mlp[1] < 0.5 * mlp[0], $"Descent on the MLP went from {mlp[0]:R} to {mlp[1]:R}. " + run.Describe());
    }

    // A generic activation (CONTRACT "Generic math") used at double and at float, directly and from a double loss.
    private const string GenericProgram = """
        using System.Globalization;
        using System.Numerics;
        using GradGen;

        var check = GradientChecker.Compare(
            p => Net.Loss(p[0], p[1]),
            p => { var g = Net.LossGradient(p[0], p[1]); return new[] { g.w, g.b }; },
            new[] { 0.7, -0.2 });
        Console.WriteLine("WorstRelativeError " + check.MaxError.ToString("R", CultureInfo.InvariantCulture));

        float xf = 0.8f;
        float gf = Activations.GeluGradient(xf);
        (float vf, float tf) = Activations.GeluPushforward(xf, 1f);
        Console.WriteLine("Float " + ((double)gf).ToString("R", CultureInfo.InvariantCulture) + " " + ((double)tf).ToString("R", CultureInfo.InvariantCulture)
            + " " + (Activations.Gelu(xf) == vf ? 1 : 0).ToString(CultureInfo.InvariantCulture));
        double gd = Activations.GeluGradient(0.8);
        Console.WriteLine("Double " + gd.ToString("R", CultureInfo.InvariantCulture));

        public static partial class Activations
        {
            [Differentiable(Forward = true)]
            public static T Gelu<T>(T x) where T : IFloatingPointIeee754<T>
            {
                T inner = T.Sqrt(T.CreateChecked(2) / T.Pi) * (x + T.CreateChecked(0.044715) * x * x * x);
                return T.CreateChecked(0.5) * x * (T.One + T.Tanh(inner));
            }
        }

        public static partial class Net
        {
            [Differentiable]
            public static double Loss(double w, double b)
            {
                double sum = 0;
                for (int i = 0; i < 5; i++)
                {
                    double r = Activations.Gelu(w * i + b) - 0.3 * i;
                    sum += r * r;
                }
                return sum;
            }
        }
        """;

    [Fact]
    public void A_generic_activation_differentiates_at_double_and_float()
    {
        (ProcessResult run, Dictionary<string, double[]> printed) = BuildRunAndCheckFiniteDifferences("GenericConsumer", GenericProgram);
        static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
        double h = 1e-6, expected = (Gelu(0.8 + h) - Gelu(0.8 - h)) / (2 * h);
        double[] single = Single(printed, run, "Float", 3);
        Assert.True(Math.Abs(single[0] - expected) < 1e-5 && Math.Abs(single[1] - expected) < 1e-5 && single[2] == 1,
            $"GeluGradient<float>(0.8f) printed {single[0]:R}, the pushforward {single[1]:R} (value equal: {single[2]}); expected {expected:R}. " + run.Describe());
        double gd = Single(printed, run, "Double", 1)[0];
        Assert.True(Math.Abs(gd - expected) < 1e-8, $"GeluGradient<double>(0.8) printed {gd:R}, expected {expected:R}. " + run.Describe());
    }

    // Second order through the package: Hessian = true on a loss with a loop over an array of weights, through calls.
    private const string HessianProgram = """
        using System.Globalization;
        using GradGen;

        double[] w = { 0.5, -0.25 };
        double[] xs = { 1.0, 2.0, -1.0, 0.5, 0.25, -2.0 };
        var check = GradientChecker.Compare(
            p => Bowl.Loss(new[] { p[0], p[1] }, p[2], xs),
            p => { var g = Bowl.LossGradient(new[] { p[0], p[1] }, p[2], xs); return new[] { g.w[0], g.w[1], g.s }; },
            new[] { w[0], w[1], 0.75 });
        Console.WriteLine("WorstRelativeError " + check.MaxError.ToString("R", CultureInfo.InvariantCulture));
        double[,] h = Bowl.LossHessian(w, 0.75, xs);
        var hv = Bowl.LossHessianVectorProduct(w, 0.75, xs, new[] { 1.0, -2.0 }, 0.5);
        Console.WriteLine("Hessian " + string.Join(" ", Enumerable.Range(0, 9).Select(k => h[k / 3, k % 3].ToString("R", CultureInfo.InvariantCulture))));
        Console.WriteLine("Product " + string.Join(" ", new[] { hv.w[0], hv.w[1], hv.s }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        double[,] hl = Fit.LossHessian(new Line(0.5, -0.25), xs, new[] { 0.5, 1.0, -0.5, 0.25, 0.0, 0.75 });
        Console.WriteLine("LineHessian " + string.Join(" ", Enumerable.Range(0, 4).Select(k => hl[k / 2, k % 2].ToString("R", CultureInfo.InvariantCulture))));

        public record struct Line(double W, double B);

        // A model type: the Hessian with respect to its members, Σ (W x + B - y)⁴ over the samples.
        public static partial class Fit
        {
            [Differentiable(Hessian = true)]
            public static double Loss(Line line, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double e = line.W * xs[i] + line.B - ys[i];
                    s += e * e * e * e;
                }

                return s;
            }
        }

        public static partial class Bowl
        {
            // L = Σ_i s·(w·x_i)² + s³: H = [[2s Σ x xᵀ, 2 Σ (w·x) x], [2 Σ (w·x) xᵀ, 6s]].
            // Through calls: a helper that takes the weights, and a [Differentiable] method.
            [Differentiable(Hessian = true)]
            public static double Loss(double[] w, double s, [NoDerivative] double[] xs)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length / 2; i++) sum += Weighted(s, Project(w, xs, i));
                return sum + s * s * s;
            }

            private static double Project(double[] w, double[] xs, int i) => w[0] * xs[2 * i] + w[1] * xs[2 * i + 1];

            [Differentiable]
            public static double Weighted(double s, double z) => s * z * z;
        }
        """;

    [Fact]
    public void A_Hessian_and_a_Hessian_vector_product_through_the_package()
    {
        (ProcessResult run, Dictionary<string, double[]> printed) = BuildRunAndCheckFiniteDifferences("HessianConsumer", HessianProgram);
        double[] w = [0.5, -0.25], xs = [1.0, 2.0, -1.0, 0.5, 0.25, -2.0];
        const double s = 0.75;
        var expected = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            double x0 = xs[2 * i], x1 = xs[2 * i + 1], z = w[0] * x0 + w[1] * x1;
            expected[0, 0] += 2 * s * x0 * x0;
            expected[0, 1] += 2 * s * x0 * x1;
            expected[1, 1] += 2 * s * x1 * x1;
            expected[0, 2] += 2 * z * x0;
            expected[1, 2] += 2 * z * x1;
        }

        expected[1, 0] = expected[0, 1];
        expected[2, 0] = expected[0, 2];
        expected[2, 1] = expected[1, 2];
        expected[2, 2] = 6 * s;
        AssertValues(printed, run, "Hessian", Enumerable.Range(0, 9).Select(k => expected[k / 3, k % 3]).ToArray());
        double[] v = [1.0, -2.0, 0.5];
        AssertValues(printed, run, "Product", Enumerable.Range(0, 3).Select(i => expected[i, 0] * v[0] + expected[i, 1] * v[1] + expected[i, 2] * v[2]).ToArray());
        double[] ys = [0.5, 1.0, -0.5, 0.25, 0.0, 0.75];
        var line = new double[4];
        for (int i = 0; i < xs.Length; i++)
        {
            double e = 0.5 * xs[i] - 0.25 - ys[i], k = 12 * e * e;
            line[0] += k * xs[i] * xs[i];
            line[1] += k * xs[i];
            line[2] += k * xs[i];
            line[3] += k;
        }

        AssertValues(printed, run, "LineHessian", line);
    }

    [Fact]
    public void A_differentiable_method_in_a_non_partial_type_fails_the_build_with_GG0001()
    {
        _fixture.RequirePackage();
        // The program calls no generated member, so the only errors can come from GradGen's analyzer.
        const string program = """
            using GradGen;

            Console.WriteLine(NotPartial.Square(3));

            public static class NotPartial
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """;
        ConsumerProject consumer = ConsumerProject.Create(_fixture, "NonPartialConsumer", program);

        ProcessResult build = consumer.Build();
        _output.WriteLine($"consumer build: exit {build.ExitCode}, {build.Elapsed.TotalSeconds:F1} s");
        _output.WriteLine(build.Output);

        Assert.False(build.TimedOut, build.Describe());
        Assert.True(build.ExitCode != 0, "The build succeeded although a [Differentiable] method is in a non-partial type. " + build.Describe());
        string[] errorIds = Regex.Matches(build.Output, @"\berror ([A-Z]+[0-9]+):")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToArray();
        Assert.True(errorIds.SequenceEqual(["GG0001"]),
            $"Expected the build to fail with GG0001 only; error ids: [{string.Join(", ", errorIds)}]. " + build.Describe());
    }

    // C# 7.3 as a netstandard2.0 library has it: no expression-bodied tricks beyond 7.3, spans, tuples, a loop.
    private const string Csharp73Library = """
        using System;
        using GradGen;

        namespace Library
        {
            public static partial class Losses
            {
                [Differentiable]
                public static double Quadratic(double x, double y) { return x * x + 3 * y * y; }

                [Differentiable]
                public static double Horner(double x, [NoDerivative] ReadOnlySpan<double> c)
                {
                    double acc = 0;
                    for (int i = 0; i < c.Length; i++) acc = acc * x + c[i];
                    double[] squares = new double[c.Length];
                    for (int i = 0; i < c.Length; i++) squares[i] = Math.Sin(c[i] * x);
                    double s = 0;
                    foreach (double v in squares) s += v * v;
                    return acc + s;
                }
            }
        }
        """;

    // A library project built with GradGen (netstandard2.0, C# 7.3): a special function with the user's custom pullback
    // and pushforward, and a [Differentiable] normal CDF built on it.
    private const string SpecialFunctionsLibrary = """
        using System;
        using GradGen;

        public static partial class Special
        {
            // Abramowitz-Stegun 7.1.26 is not exact enough to check derivatives against; the Maclaurin series is (|x| <= 3).
            public static double Erf(double x)
            {
                double sum = 0, term = x;
                for (int n = 0; n < 200; n++)
                {
                    double next = term / (2 * n + 1);
                    sum += next;
                    if (Math.Abs(next) < 1e-18) break;
                    term *= -x * x / (n + 1);
                }

                return 2 / Math.Sqrt(Math.PI) * sum;
            }

            [CustomPullback(typeof(Special), nameof(Erf))]
            public static double ErfPullback(double x, double seed, ref double xAdjoint)
            {
                xAdjoint += seed * 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
                return Erf(x);
            }

            [CustomPushforward(typeof(Special), nameof(Erf))]
            public static (double Value, double Tangent) ErfPushforward(double x, double xTangent) =>
                (Erf(x), 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x) * xTangent);

            [Differentiable(Forward = true)]
            public static double NormalCdf(double z) => 0.5 * (1 + Erf(z / Math.Sqrt(2)));

            [Differentiable(Forward = true)]
            public static double NormalCdf(double z, double mean, double sd) => NormalCdf((z - mean) / sd);
        }
        """;

    // Probit regression in another project: its loss calls both NormalCdf overloads of the library, and trains.
    private const string ProbitProgram = """
        using System.Globalization;
        using GradGen;

        double[] xs = { -1.5, -0.5, 0.2, 0.9, 1.7, 2.4 };
        double[] ys = { 0, 0, 1, 0, 1, 1 };
        var check = GradientChecker.Compare(
            p => Probit.Loss(p[0], p[1], xs, ys),
            p => { var g = Probit.LossGradient(p[0], p[1], xs, ys); return new[] { g.w, g.b }; },
            new[] { 0.7, -0.2 });
        Console.WriteLine("WorstRelativeError " + check.MaxError.ToString("R", CultureInfo.InvariantCulture));
        var (w0, b0) = (0.7, -0.2);
        var gradient = Probit.LossGradient(w0, b0, xs, ys);
        var pushed = Probit.LossPushforward(w0, b0, xs, ys, 1.0, 0.5);
        Console.WriteLine("Directional " + (gradient.w + 0.5 * gradient.b).ToString("R", CultureInfo.InvariantCulture) + " " + pushed.Tangent.ToString("R", CultureInfo.InvariantCulture));
        double w = 0, b = 0, first = Probit.Loss(w, b, xs, ys);
        for (int step = 0; step < 200; step++)
        {
            var g = Probit.LossGradient(w, b, xs, ys);
            w -= 0.1 * g.w;
            b -= 0.1 * g.b;
        }

        Console.WriteLine("Losses " + first.ToString("R", CultureInfo.InvariantCulture) + " " + Probit.Loss(w, b, xs, ys).ToString("R", CultureInfo.InvariantCulture));

        public static partial class Probit
        {
            [Differentiable(Forward = true)]
            public static double Loss(double w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double loss = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double p = Special.NormalCdf(w * xs[i], -b, 1.0);
                    loss -= ys[i] * Math.Log(p) + (1 - ys[i]) * Math.Log(1 - Special.NormalCdf(w * xs[i] + b));
                }

                return loss / xs.Length;
            }
        }
        """;

    [Fact]
    public void A_loss_calls_a_special_function_of_another_project_through_its_generated_pullback_and_pushforward()
    {
        _fixture.RequirePackage();
        ConsumerProject library = ConsumerProject.CreateLibrary(_fixture, "SpecialFunctions", SpecialFunctionsLibrary);
        ConsumerProject consumer = ConsumerProject.Create(_fixture, "ProbitConsumer", ProbitProgram);
        consumer.Reference(library);
        ProcessResult build = consumer.Build();
        Assert.True(build.Succeeded, "The two projects did not build: " + build.Describe());
        ProcessResult run = consumer.Run();
        _output.WriteLine(run.Output);
        Assert.True(run.Succeeded, "The consumer did not run: " + run.Describe());
        Dictionary<string, double[]> printed = ParseOutput(run);
        double worst = Single(printed, run, "WorstRelativeError", 1)[0];
        Assert.True(worst < 1e-6, $"The gradient through the other project's pullbacks differs from finite differences by {worst:R} (relative). " + run.Describe());
        double[] directional = Single(printed, run, "Directional", 2);
        Assert.True(Math.Abs(directional[0] - directional[1]) < 1e-12, $"The pushforward's tangent {directional[1]:R} is not the gradient's {directional[0]:R}. " + run.Describe());
        double[] losses = Single(printed, run, "Losses", 2);
        Assert.True(losses[1] < 0.8 * losses[0], $"Training did not lower the loss: {losses[0]:R} -> {losses[1]:R}. " + run.Describe());
    }

    [Fact]
    public void A_netstandard20_library_with_its_default_CSharp_73_builds()
    {
        _fixture.RequirePackage();
        ConsumerProject library = ConsumerProject.CreateLibrary(_fixture, "Csharp73Library", Csharp73Library);
        ProcessResult build = library.Build();
        _output.WriteLine($"library build: exit {build.ExitCode}, {build.Elapsed.TotalSeconds:F1} s");
        Assert.True(build.Succeeded, "A netstandard2.0 library (C# 7.3) did not build with GradGen: " + build.Describe());
    }

    [Fact]
    public void Below_CSharp_73_the_build_fails_with_GG0016_only()
    {
        _fixture.RequirePackage();
        ConsumerProject library = ConsumerProject.CreateLibrary(_fixture, "Csharp72Library", Csharp73Library.Replace("ReadOnlySpan<double>", "double[]"), languageVersion: "7.2");
        ProcessResult build = library.Build();
        _output.WriteLine(build.Output);
        Assert.False(build.TimedOut, build.Describe());
        string[] errorIds = Regex.Matches(build.Output, @"\berror ([A-Z]+[0-9]+):").Select(m => m.Groups[1].Value).Distinct().ToArray();
        Assert.True(errorIds.SequenceEqual(["GG0016"]),
            $"Expected the build to fail with GG0016 only (no compiler error in generated files); error ids: [{string.Join(", ", errorIds)}]. " + build.Describe());
    }

    /// <summary>The consumers' NUGET_PACKAGES holds GradGen, extracted from exactly the package this run packed.</summary>
    private void AssertRestoredTheFreshlyPackedPackage()
    {
        string id = PackageExpectations.PackageId.ToLowerInvariant();
        string folder = Path.Combine(_fixture.ConsumerPackagesDirectory, id, _fixture.Version.ToLowerInvariant());
        string hashFile = Path.Combine(folder, $"{id}.{_fixture.Version.ToLowerInvariant()}.nupkg.sha512");
        Assert.True(File.Exists(hashFile), $"GradGen was not restored into the isolated packages folder {folder}.");
        string expected = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(_fixture.PackagePath)));
        Assert.Equal(expected, File.ReadAllText(hashFile).Trim());
    }

    private static Dictionary<string, double[]> ParseOutput(ProcessResult run)
    {
        var printed = new Dictionary<string, double[]>();
        foreach (string line in run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            printed[parts[0]] = parts.Skip(1).Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        return printed;
    }

    private static double[] Single(Dictionary<string, double[]> printed, ProcessResult run, string name, int count)
    {
        Assert.True(printed.TryGetValue(name, out double[]? values) && values.Length == count,
            $"Expected a line '{name}' with {count} numbers. " + run.Describe());
        return values!;
    }

    private static void AssertValues(Dictionary<string, double[]> printed, ProcessResult run, string name, params double[] expected)
    {
        double[] actual = Single(printed, run, name, expected.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = 1e-12 * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance,
                $"{name}[{i}] = {actual[i]:R}, expected {expected[i]:R}. " + run.Describe());
        }
    }
}
