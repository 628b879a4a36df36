using System.Globalization;

namespace GradGen.Benchmarks.Infrastructure;

/// <summary>
/// Checks, before anything is timed, that every variant of a kernel computes the gradient the
/// hand-written one does: ‖g − g_hand‖∞ / ‖g_hand‖∞ at most <see cref="ExactTolerance"/> for the
/// variants that differentiate exactly (GradGen, dual numbers, tape: only rounding differs) and at
/// most <see cref="FiniteDifferenceTolerance"/> for central finite differences. Values must match the
/// primal: GradGen's bit for bit (the contract), the others to rounding.
/// </summary>
public sealed class GradientCheck(string kernel)
{
    public const double ExactTolerance = 1e-9;
    public const double FiniteDifferenceTolerance = 1e-6;

    /// <summary>Whether every benchmark's GlobalSetup prints its check.</summary>
    public static bool Verbose { get; set; } = true;

    private readonly List<string> _lines = new();
    private double _worstExact;
    private double _worstFiniteDifferences;

    public void Gradient(string variant, ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, bool finiteDifferences = false)
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{kernel}: {variant} returned {actual.Length} partial derivatives, the hand-written gradient {expected.Length}.");
        }

        double scale = 0, error = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs(actual[i] - expected[i]);
            if (double.IsNaN(e))
            {
                error = double.PositiveInfinity;
                break;
            }
            error = Math.Max(error, e);
        }

        double relative = scale > 0 ? error / scale : error;
        double tolerance = finiteDifferences ? FiniteDifferenceTolerance : ExactTolerance;
        if (!(relative <= tolerance))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{kernel}: the gradient of {variant} is off by {relative:E2} (relative, max norm; tolerance {tolerance:E0}). The benchmark would time wrong code."));
        }

        if (finiteDifferences)
        {
            _worstFiniteDifferences = Math.Max(_worstFiniteDifferences, relative);
        }
        else
        {
            _worstExact = Math.Max(_worstExact, relative);
        }
        _lines.Add(string.Create(CultureInfo.InvariantCulture, $"{variant}: {relative:E1}"));
    }

    public void Gradient(string variant, double actual, double expected, bool finiteDifferences = false) =>
        Gradient(variant, new[] { actual }, new[] { expected }, finiteDifferences);

    /// <summary>The value a variant returned, against the primal's.</summary>
    public void Value(string variant, double actual, double primal, bool bitwise)
    {
        bool ok = bitwise
            ? BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(primal)
            : Math.Abs(actual - primal) <= 1e-12 * Math.Max(1, Math.Abs(primal));
        if (!ok)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{kernel}: {variant} returned the value {actual:R}, the primal {primal:R}{(bitwise ? " (must be the same bits)" : "")}."));
        }
    }

    /// <summary>
    /// Asserts that <paramref name="run"/> allocates nothing on the managed heap once warm: the bytes
    /// this thread allocates over many calls, after a few warm-up calls (which let pooled buffers,
    /// such as GradGen's tapes, be rented once). Thread-local, so unlike a whole-process count it is
    /// not disturbed by the runtime's background threads.
    /// </summary>
    public void ZeroAllocation(string variant, Action run)
    {
        for (int i = 0; i < 3; i++)
        {
            run();
        }

        const int calls = 16;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++)
        {
            run();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated != 0)
        {
            throw new InvalidOperationException($"{kernel}: {variant} allocated {allocated} B over {calls} calls; it must allocate nothing.");
        }
        _lines.Add($"{variant} allocates 0 B");
    }

    /// <summary>Prints one line: the kernel and the worst relative error of each kind.</summary>
    public string Report()
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"// verified {kernel}: every gradient matches the hand-written one (exact variants <= {_worstExact:E1}, finite differences {_worstFiniteDifferences:E1}; {string.Join(", ", _lines)})");
        if (Verbose)
        {
            Console.WriteLine(line);
        }
        return line;
    }
}

/// <summary>Central finite differences: (f(x + h) − f(x − h)) / (2h), two evaluations per input.</summary>
public static class FiniteDifference
{
    /// <summary>∛ε, the step that balances truncation (h²) against rounding (ε/h) for central differences.</summary>
    private const double RelativeStep = 6.0554544523933395e-6;

    /// <summary>The step for an input of value <paramref name="x"/>.</summary>
    public static double Step(double x) => RelativeStep * Math.Max(1, Math.Abs(x));
}
