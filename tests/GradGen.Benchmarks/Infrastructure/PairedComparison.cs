using System.Diagnostics;
using System.Globalization;
using GradGen.Benchmarks.Suites;

namespace GradGen.Benchmarks.Infrastructure;

/// <summary>
/// A cross-check of BenchmarkDotNet's ratios that holds up on a shared, loaded machine: Primal,
/// HandWritten, FGradient and FPullback of one kernel are timed in interleaved rounds (the order
/// rotates every round), each round gives a ratio of two variants measured within milliseconds of
/// each other, and the median of those per-round ratios is reported. Load that comes and goes then
/// hits both sides of a ratio alike, where separate BenchmarkDotNet runs minutes apart can land in
/// different load. It times the same benchmark methods (after their GlobalSetup checks).
/// </summary>
public static class PairedComparison
{
    private static double s_sink;
    private static double[]? s_sinkArray;

    public static int Run(string[] args)
    {
        double seconds = 3;
        int i = Array.IndexOf(args, "--seconds");
        if (i >= 0 && i + 1 < args.Length)
        {
            seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
        }

        GradientCheck.Verbose = false;
        var kernels = new List<(string Name, Action[] Variants)>();

        var quadratic = new QuadraticBenchmarks();
        quadratic.Setup();
        kernels.Add(("Quadratic (1,000 calls)", [Of(quadratic.Primal), Of(quadratic.HandWritten), Of(quadratic.FGradient), Of(quadratic.FPullback)]));
        foreach (int n in new[] { 1_000, 1_000_000 })
        {
            var mse = new MseBenchmarks { N = n };
            mse.Setup();
            kernels.Add(($"Mse (n = {n:N0})", [Of(mse.Primal), Of(mse.HandWritten), Of(mse.FGradient), Of(mse.FPullback)]));
            kernels.Add(($"Mse (n = {n:N0}), FPullback not inlined", [Of(mse.Primal), Of(mse.HandWritten), Of(mse.FGradient), Of(mse.FPullbackNotInlined)]));
        }
        var logistic = new LogisticBenchmarks();
        logistic.Setup();
        kernels.Add(("Logistic", [Of(logistic.Primal), Of(logistic.HandWritten), Of(logistic.FGradient), Of(logistic.FPullback)]));
        var rosenbrock = new RosenbrockBenchmarks();
        rosenbrock.Setup();
        kernels.Add(("Rosenbrock", [Of(rosenbrock.Primal), Of(rosenbrock.HandWritten), Of(rosenbrock.FGradient), Of(rosenbrock.FPullback)]));
        var mlp = new MlpBenchmarks();
        mlp.Setup();
        kernels.Add(("Mlp (FPullback: per-sample idiom)", [Of(mlp.Primal), Of(mlp.HandWritten), Of(mlp.FGradient), Of(mlp.FPullback)]));
        kernels.Add(("Mlp (FPullback: batch method's)", [Of(mlp.Primal), Of(mlp.HandWritten), Of(mlp.FGradient), Of(mlp.FPullbackBatchMethod)]));
        var softmax = new SoftmaxBenchmarks();
        softmax.Setup();
        kernels.Add(("Softmax", [Of(softmax.Primal), Of(softmax.HandWritten), Of(softmax.FGradient), Of(softmax.FPullback)]));

        Console.WriteLine($"Paired, interleaved comparison: {seconds:0.#} s per kernel, {Environment.ProcessorCount} cores, .NET {Environment.Version}.");
        Console.WriteLine("Times are medians per call; ratios are medians of per-round ratios.");
        Console.WriteLine();
        Console.WriteLine("| Kernel | Primal | HandWritten | FGradient | FPullback | FGradient/Hand | FPullback/Hand | FPullback/Primal | Rounds |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach ((string name, Action[] variants) in kernels)
        {
            Measure(name, variants, seconds);
        }
        return 0;
    }

    private static Action Of(Func<double> f) => () => s_sink = f();

    private static Action Of(Func<double[]> f) => () => s_sinkArray = f();

    private static void Measure(string name, Action[] variants, double seconds)
    {
        // Calls per sample: enough for about 1 ms per variant, so the timer's resolution does not matter.
        var calls = new int[variants.Length];
        for (int v = 0; v < variants.Length; v++)
        {
            for (int w = 0; w < 3; w++)
            {
                variants[v]();
            }
            long start = Stopwatch.GetTimestamp();
            variants[v]();
            double one = Math.Max(Stopwatch.GetElapsedTime(start).TotalMilliseconds, 1e-5);
            calls[v] = Math.Clamp((int)(1.0 / one), 1, 1_000_000);
        }

        var times = variants.Select(_ => new List<double>()).ToArray();
        var budget = Stopwatch.StartNew();
        int round = 0;
        while (budget.Elapsed.TotalSeconds < seconds || round < 5)
        {
            for (int k = 0; k < variants.Length; k++)
            {
                int v = (k + round) % variants.Length;
                Action run = variants[v];
                int n = calls[v];
                long start = Stopwatch.GetTimestamp();
                for (int c = 0; c < n; c++)
                {
                    run();
                }
                times[v].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1e6 / n);
            }
            round++;
        }

        int rounds = round;
        double Ratio(int a, int b) => Median(Enumerable.Range(0, rounds).Select(r => times[a][r] / times[b][r]));
        const int primal = 0, hand = 1, gradient = 2, pullback = 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Time(Median(times[primal]))} | {Time(Median(times[hand]))} | {Time(Median(times[gradient]))} | {Time(Median(times[pullback]))} | " +
            $"{Ratio(gradient, hand):0.00} | {Ratio(pullback, hand):0.00} | {Ratio(pullback, primal):0.00} | {rounds} |"));
        GC.KeepAlive(s_sinkArray);
        GC.KeepAlive(s_sink);
    }

    private static string Time(double ns) => ns switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{ns:N0} ns"),
        < 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:N1} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:N1} ms"),
    };

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
