using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// Arithmetic, literals, constants, locals, assignments and parameter kinds, in double. Each function has its
/// analytic gradient (written by hand) right after it.
/// </summary>
public static partial class Arithmetic
{
    // + and -, an expression body, a literal.
    [Differentiable(Forward = true)]
    public static double Sum(double x, double y, double z) => x + y - z + 2.5;

    public static (double, double, double) SumAnalytic(double x, double y, double z) => (1, 1, -1);

    // *
    [Differentiable(Forward = true)]
    public static double Product(double x, double y, double z) => x * y * z;

    public static (double, double, double) ProductAnalytic(double x, double y, double z) => (y * z, x * z, x * y);

    // /
    [Differentiable(Forward = true)]
    public static double Quotient(double x, double y) => x / y;

    public static (double, double) QuotientAnalytic(double x, double y) => (1 / y, -x / (y * y));

    // Unary minus, also of a parenthesized expression and twice in a row.
    [Differentiable(Forward = true)]
    public static double Negation(double x, double y) => -x * y + -(x - y) - -y;

    // f = -xy - x + 2y
    public static (double, double) NegationAnalytic(double x, double y) => (-y - 1, -x + 2);

    // Nested parentheses that change the order of evaluation.
    [Differentiable(Forward = true)]
    public static double Parentheses(double x, double y) =>
        ((x + y) * (x - y)) / ((x * y) + 1.0) - (x - (y - (x * (2.0 - y))));

    // f = u / v - (3x - y - xy) with u = x^2 - y^2, v = xy + 1
    public static (double, double) ParenthesesAnalytic(double x, double y)
    {
        double u = x * x - y * y;
        double v = x * y + 1;
        return ((2 * x * v - u * y) / (v * v) - (3 - y), (-2 * y * v - u * x) / (v * v) + 1 + x);
    }

    // Math.PI, Math.E, const locals (one computed from another), literals in several forms, a block body.
    [Differentiable(Forward = true)]
    public static double Constants(double x, double y)
    {
        const double half = 0.5;
        const double two = 2 * half + 1;
        return Math.PI * x * x + Math.E * y - 2.5e-1 / (1 + x * x) + half * two * y + 3;
    }

    public static (double, double) ConstantsAnalytic(double x, double y)
    {
        double d = 1 + x * x;
        return (2 * Math.PI * x + 0.5 * x / (d * d), Math.E + 1);
    }

    // Locals that feed each other.
    [Differentiable(Forward = true)]
    public static double Locals(double x, double y)
    {
        double a = x * y;
        double b = a + x;
        double c = b / (1.0 + a * a);
        return a * b + c;
    }

    public static (double, double) LocalsAnalytic(double x, double y)
    {
        double a = x * y, b = a + x, d = 1 + a * a;
        // f = a b + b / d, with da = (y, x), db = (y + 1, x), dd = 2a da
        double DfFrom(double da, double db) => da * b + a * db + db / d - b * 2 * a * da / (d * d);
        return (DfFrom(y, y + 1), DfFrom(x, x));
    }

    // A local and a parameter-copy reassigned several times, also through a Math call.
    [Differentiable(Forward = true)]
    public static double Reassignment(double x, double y)
    {
        double t = x;
        t = t * y;
        t = t + x;
        t = Math.Sin(t);
        double u = t;
        u = u * u + y;
        return u;
    }

    // f = sin(xy + x)^2 + y
    public static (double, double) ReassignmentAnalytic(double x, double y)
    {
        double t = x * y + x;
        double k = 2 * Math.Sin(t) * Math.Cos(t);
        return (k * (y + 1), k * x + 1);
    }

    // += -= *= /=
    [Differentiable(Forward = true)]
    public static double CompoundAssignment(double x, double y)
    {
        double acc = x;
        acc += y;
        acc *= x;
        acc -= 2 * y;
        acc /= 1 + y * y;
        return acc;
    }

    // f = ((x + y) x - 2y) / (1 + y^2)
    public static (double, double) CompoundAssignmentAnalytic(double x, double y)
    {
        double n = (x + y) * x - 2 * y;
        double d = 1 + y * y;
        return ((2 * x + y) / d, (x - 2) / d - n * 2 * y / (d * d));
    }

    // Compound assignment to a parameter itself (a differentiable parameter passed by value is a local copy).
    [Differentiable(Forward = true)]
    public static double ParameterAssignment(double x, double y)
    {
        x *= y;
        y += x;
        x -= y / 4;
        return x * y;
    }

    // x1 = xy, y1 = y + xy, x2 = xy - (y + xy)/4 = 3xy/4 - y/4; f = x2 y1
    public static (double, double) ParameterAssignmentAnalytic(double x, double y)
    {
        double y1 = y + x * y;
        double x2 = 0.75 * x * y - 0.25 * y;
        return (0.75 * y * y1 + x2 * y, (0.75 * x - 0.25) * y1 + x2 * (1 + x));
    }

    // in parameters.
    [Differentiable(Forward = true)]
    public static double InParameters(in double x, in double y) => x * x * y + y / x;

    public static (double, double) InParametersAnalytic(double x, double y) => (2 * x * y - y / (x * x), x * x + 1 / x);

    // A [NoDerivative] double between two differentiable ones: it is data, not a coordinate of the gradient.
    [Differentiable(Forward = true)]
    public static double NoDerivativeParameter(double x, [NoDerivative] double k, double y) =>
        k * x * x + Math.Sin(k * y) + k;

    public static (double, double) NoDerivativeParameterAnalytic(double x, double k, double y) =>
        (2 * k * x, k * Math.Cos(k * y));

    // int and bool parameters used in arithmetic (int division, %, an int-selected conditional, Pow with an int).
    [Differentiable(Forward = true)]
    public static double IntAndBool(double x, int n, bool negate, double y)
    {
        double sign = negate ? -1.0 : 1.0;
        double parity = n % 2 == 0 ? y : 2 * y;
        return sign * n * x * y + n / 2 + x / n + parity + Math.Pow(x, n);
    }

    public static (double, double) IntAndBoolAnalytic(double x, int n, bool negate, double y)
    {
        double sign = negate ? -1.0 : 1.0;
        return (sign * n * y + 1.0 / n + n * Math.Pow(x, n - 1), sign * n * x + (n % 2 == 0 ? 1 : 2));
    }

    // Gradients.WithoutDerivative: the wrapped product is held constant.
    [Differentiable(Forward = true)]
    public static double StopGradient(double x, double y) => x * Gradients.WithoutDerivative(x * y) + y;

    // With c = x0 y0 frozen: f = x c + y
    public static (double, double) StopGradientAnalytic(double x, double y) => (x * y, 1);

    // Four differentiable parameters (a wider tuple).
    [Differentiable(Forward = true)]
    public static double Bilinear(double a, double b, double c, double d) => a * d - b * c + (a + b) * (c - d) / 4;

    public static (double, double, double, double) BilinearAnalytic(double a, double b, double c, double d) =>
        (d + (c - d) / 4, -c + (c - d) / 4, -b + (a + b) / 4, a - (a + b) / 4);

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D3(nameof(Sum), Sum, SumGradient, SumValueAndGradient, SumPullback, SumAnalytic,
            (0.3, -1.2, 2.0), (5.0, 7.0, -3.0), (-0.25, 0.5, 1e3), (1e-3, 2e5, -7.5));
        yield return Case.D3(nameof(Product), Product, ProductGradient, ProductValueAndGradient, ProductPullback, ProductAnalytic,
            (0.3, -1.2, 2.0), (5.0, 7.0, -3.0), (-0.25, 0.5, 10.0), (1.5, 0.0, -2.0));
        yield return Case.D2(nameof(Quotient), Quotient, QuotientGradient, QuotientValueAndGradient, QuotientPullback, QuotientAnalytic,
            (1.0, 2.0), (-3.5, 0.25), (0.0, -1.5), (7.0, -40.0));
        yield return Case.D2(nameof(Negation), Negation, NegationGradient, NegationValueAndGradient, NegationPullback, NegationAnalytic,
            (1.0, 2.0), (-3.5, 0.25), (0.0, -1.5));
        yield return Case.D2(nameof(Parentheses), Parentheses, ParenthesesGradient, ParenthesesValueAndGradient, ParenthesesPullback,
            ParenthesesAnalytic, (1.0, 2.0), (-0.5, 0.75), (2.5, -0.2), (0.3, 0.3));
        yield return Case.D2(nameof(Constants), Constants, ConstantsGradient, ConstantsValueAndGradient, ConstantsPullback,
            ConstantsAnalytic, (1.0, 2.0), (-0.5, 0.75), (0.0, -3.0), (4.0, 10.0));
        yield return Case.D2(nameof(Locals), Locals, LocalsGradient, LocalsValueAndGradient, LocalsPullback, LocalsAnalytic,
            (1.0, 2.0), (-0.5, 0.75), (0.3, -1.1), (2.0, 0.1));
        yield return Case.D2(nameof(Reassignment), Reassignment, ReassignmentGradient, ReassignmentValueAndGradient,
            ReassignmentPullback, ReassignmentAnalytic, (1.0, 2.0), (-0.5, 0.75), (0.3, -1.1), (2.0, 0.1));
        yield return Case.D2(nameof(CompoundAssignment), CompoundAssignment, CompoundAssignmentGradient,
            CompoundAssignmentValueAndGradient, CompoundAssignmentPullback, CompoundAssignmentAnalytic,
            (1.0, 2.0), (-0.5, 0.75), (0.3, -1.1), (3.0, 0.0));
        yield return Case.D2(nameof(ParameterAssignment), ParameterAssignment, ParameterAssignmentGradient,
            ParameterAssignmentValueAndGradient, ParameterAssignmentPullback, ParameterAssignmentAnalytic,
            (1.0, 2.0), (-0.5, 0.75), (0.3, -1.1), (3.0, 0.5));
        yield return Case.D2(nameof(InParameters),
            (x, y) => InParameters(in x, in y),
            (x, y) => InParametersGradient(in x, in y),
            (x, y) => InParametersValueAndGradient(in x, in y),
            (double x, double y, double s, ref double ax, ref double ay) => InParametersPullback(in x, in y, s, ref ax, ref ay),
            InParametersAnalytic, (1.0, 2.0), (-0.5, 0.75), (0.3, -1.1), (3.0, 0.0)) with { Pushforward = (p, tangent) => InParametersPushforward(in p[0], in p[1], tangent[0], tangent[1]) };
        foreach (double k in new[] { 0.5, -3.0 })
        {
            yield return Case.D2($"{nameof(NoDerivativeParameter)}(k={k})",
                (x, y) => NoDerivativeParameter(x, k, y),
                (x, y) => NoDerivativeParameterGradient(x, k, y),
                (x, y) => NoDerivativeParameterValueAndGradient(x, k, y),
                (double x, double y, double s, ref double ax, ref double ay) => NoDerivativeParameterPullback(x, k, y, s, ref ax, ref ay),
                (x, y) => NoDerivativeParameterAnalytic(x, k, y), (1.0, 2.0), (-0.5, 0.75), (0.3, -1.1)) with { Pushforward = (p, tangent) => NoDerivativeParameterPushforward(p[0], k, p[1], tangent[0], tangent[1]) };
        }

        foreach ((int n, bool negate) in new[] { (3, true), (4, false) })
        {
            yield return Case.D2($"{nameof(IntAndBool)}(n={n},negate={negate})",
                (x, y) => IntAndBool(x, n, negate, y),
                (x, y) => IntAndBoolGradient(x, n, negate, y),
                (x, y) => IntAndBoolValueAndGradient(x, n, negate, y),
                (double x, double y, double s, ref double ax, ref double ay) => IntAndBoolPullback(x, n, negate, y, s, ref ax, ref ay),
                (x, y) => IntAndBoolAnalytic(x, n, negate, y), (1.0, 2.0), (-0.5, 0.75), (1.3, -1.1)) with { Pushforward = (p, tangent) => IntAndBoolPushforward(p[0], n, negate, p[1], tangent[0], tangent[1]) };
        }

        yield return Case.D2(nameof(StopGradient), StopGradient, StopGradientGradient, StopGradientValueAndGradient,
            StopGradientPullback, StopGradientAnalytic, (1.0, 2.0), (-0.5, 0.75), (0.3, -1.1)) with
        {
            // The product x*y is frozen at the point; differences see only the outer x and y.
            FiniteDifferenceTarget = p0 => p => p[0] * (p0[0] * p0[1]) + p[1],
        };
        yield return Case.D4(nameof(Bilinear), Bilinear, BilinearGradient, BilinearValueAndGradient, BilinearPullback,
            BilinearAnalytic, (1.0, 2.0, 3.0, 4.0), (-0.5, 0.75, 0.1, -2.0), (10.0, -3.0, 0.0, 0.5));
    }
}
