using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Tuple deconstruction as simulation and ML code writes it: a state updated in one statement, a swap,
/// declared locals, elements of a local buffer.</summary>
public static partial class Tuples
{
    // A damped oscillator, explicit Euler: both components updated at once from the old state (a tape in the loop).
    [Differentiable(Forward = true)]
    public static double Oscillator(double k, double c, double x0)
    {
        var (x, v) = (x0, 0.0);
        const double dt = 0.1;
        for (int i = 0; i < 20; i++)
        {
            (x, v) = (x + dt * v, v - dt * (k * x + c * v));
        }

        return x * x + 0.5 * v * v;
    }

    // Forward sensitivities of the same recursion, by hand.
    public static (double, double, double) OscillatorAnalytic(double k, double c, double x0)
    {
        const double dt = 0.1;
        double x = x0, v = 0;
        double[] dx = [0, 0, 1], dv = [0, 0, 0]; // d/dk, d/dc, d/dx0
        for (int i = 0; i < 20; i++)
        {
            double nx = x + dt * v, nv = v - dt * (k * x + c * v);
            double[] ndx = new double[3], ndv = new double[3];
            for (int p = 0; p < 3; p++)
            {
                ndx[p] = dx[p] + dt * dv[p];
                ndv[p] = dv[p] - dt * (k * dx[p] + c * dv[p]) - dt * (p == 0 ? x : p == 1 ? v : 0);
            }

            (x, v, dx, dv) = (nx, nv, ndx, ndv);
        }

        return (2 * x * dx[0] + v * dv[0], 2 * x * dx[1] + v * dv[1], 2 * x * dx[2] + v * dv[2]);
    }

    // A swap, a discard, a conversion of an int element, and elements of a local buffer as targets.
    [Differentiable(Forward = true)]
    public static double Shuffle(double a, double b)
    {
        (a, b) = (b, a * b);
        var (p, _, n) = (a - b, Math.Exp(a), 3);
        double[] buf = new double[2];
        (buf[0], buf[1]) = (p, n * a);
        (buf[1], buf[0]) = (buf[0], buf[1]);
        return buf[0] * buf[1] + p;
    }

    // After the swap a' = b, b' = a b; p = b - a b; buf = [3 b, p]: f = 3 b p + p.
    public static (double, double) ShuffleAnalytic(double a, double b)
    {
        double p = b - a * b;
        double dpda = -b, dpdb = 1 - a;
        return (3 * b * dpda + dpda, 3 * p + 3 * b * dpdb + dpdb);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D3(nameof(Oscillator), ["k", "c", "x0"], Oscillator, OscillatorGradient, OscillatorValueAndGradient,
            OscillatorPullback, OscillatorAnalytic, (4.0, 0.3, 1.0), (1.0, 0.05, -0.5), (9.0, 1.0, 2.0));
        yield return Case.D2(nameof(Shuffle), Shuffle, ShuffleGradient, ShuffleValueAndGradient, ShufflePullback, ShuffleAnalytic,
            (0.5, 1.5), (-2.0, 1.0), (3.0, 0.7));
    }
}
