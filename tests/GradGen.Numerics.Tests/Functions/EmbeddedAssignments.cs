using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>Assignments used as values, as C code ported to C# and numerical recipes write them.</summary>
public static partial class EmbeddedAssignments
{
    // A buffer filled with buf[n++], a chained assignment, a pre-decrement in a while condition, a compound assignment
    // tested in a condition, and ++y in a product (the Lanczos-style series of a log-gamma).
    [Differentiable(Forward = true)]
    public static double Series(double x, double a)
    {
        double[] buf = new double[4];
        int n = 0;
        buf[n++] = x;
        buf[n++] = x * a;
        double s, t;
        s = t = a * a;
        int k = 3;
        while (--k > 0)
        {
            s += buf[k - 1] * t;
        }

        double y = x, ser = 1.0;
        for (int j = 0; j < 2; j++) ser += a / ++y;
        double res = 0;
        for (int i = 1; i < 3; i++)
        {
            if ((res += i * x) > 100) break;
        }

        return s + ser + res + n;
    }

    // s = a^2 + (x a + x) a^2; ser = 1 + a/(x+1) + a/(x+2); res = 3x; n = 2.
    public static (double, double) SeriesAnalytic(double x, double a) =>
        ((a + 1) * a * a - a / ((x + 1) * (x + 1)) - a / ((x + 2) * (x + 2)) + 3,
         2 * a + 3 * x * a * a + 2 * x * a + 1 / (x + 1) + 1 / (x + 2));

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(Series), ["x", "a"], Series, SeriesGradient, SeriesValueAndGradient, SeriesPullback, SeriesAnalytic,
            (0.5, 1.5), (2.0, -1.0), (3.0, 0.7));
    }
}
