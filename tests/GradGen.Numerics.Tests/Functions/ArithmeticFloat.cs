using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// The float twins of <see cref="Arithmetic"/>: the same formulas with float, float literals and MathF. Their analytic
/// gradient is the double twin's (evaluated at the float point widened to double).
/// </summary>
public static partial class ArithmeticFloat
{
    [Differentiable(Forward = true)]
    public static float SumF(float x, float y, float z) => x + y - z + 2.5f;

    [Differentiable(Forward = true)]
    public static float ProductF(float x, float y, float z) => x * y * z;

    [Differentiable(Forward = true)]
    public static float QuotientF(float x, float y) => x / y;

    [Differentiable(Forward = true)]
    public static float NegationF(float x, float y) => -x * y + -(x - y) - -y;

    [Differentiable(Forward = true)]
    public static float ParenthesesF(float x, float y) =>
        ((x + y) * (x - y)) / ((x * y) + 1.0f) - (x - (y - (x * (2.0f - y))));

    // MathF.PI and MathF.E, const float locals, an int literal.
    [Differentiable(Forward = true)]
    public static float ConstantsF(float x, float y)
    {
        const float half = 0.5f;
        const float two = 2 * half + 1;
        return MathF.PI * x * x + MathF.E * y - 2.5e-1f / (1 + x * x) + half * two * y + 3;
    }

    [Differentiable(Forward = true)]
    public static float LocalsF(float x, float y)
    {
        float a = x * y;
        float b = a + x;
        float c = b / (1.0f + a * a);
        return a * b + c;
    }

    [Differentiable(Forward = true)]
    public static float ReassignmentF(float x, float y)
    {
        float t = x;
        t = t * y;
        t = t + x;
        t = MathF.Sin(t);
        float u = t;
        u = u * u + y;
        return u;
    }

    [Differentiable(Forward = true)]
    public static float CompoundAssignmentF(float x, float y)
    {
        float acc = x;
        acc += y;
        acc *= x;
        acc -= 2 * y;
        acc /= 1 + y * y;
        return acc;
    }

    [Differentiable(Forward = true)]
    public static float ParameterAssignmentF(float x, float y)
    {
        x *= y;
        y += x;
        x -= y / 4;
        return x * y;
    }

    [Differentiable(Forward = true)]
    public static float InParametersF(in float x, in float y) => x * x * y + y / x;

    [Differentiable(Forward = true)]
    public static float NoDerivativeParameterF(float x, [NoDerivative] float k, float y) => k * x * x + MathF.Sin(k * y) + k;

    [Differentiable(Forward = true)]
    public static float IntAndBoolF(float x, int n, bool negate, float y)
    {
        float sign = negate ? -1.0f : 1.0f;
        float parity = n % 2 == 0 ? y : 2 * y;
        return sign * n * x * y + n / 2 + x / n + parity + MathF.Pow(x, n);
    }

    [Differentiable(Forward = true)]
    public static float StopGradientF(float x, float y) => x * Gradients.WithoutDerivative(x * y) + y;

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F3(nameof(SumF), SumF, SumFGradient, SumFValueAndGradient, SumFPullback,
            Arithmetic.Sum, Arithmetic.SumAnalytic, (0.3f, -1.2f, 2.0f), (5.0f, 7.0f, -3.0f), (-0.25f, 0.5f, 1e3f));
        yield return Case.F3(nameof(ProductF), ProductF, ProductFGradient, ProductFValueAndGradient, ProductFPullback,
            Arithmetic.Product, Arithmetic.ProductAnalytic, (0.3f, -1.2f, 2.0f), (5.0f, 7.0f, -3.0f), (1.5f, 0.0f, -2.0f));
        yield return Case.F2(nameof(QuotientF), QuotientF, QuotientFGradient, QuotientFValueAndGradient, QuotientFPullback,
            Arithmetic.Quotient, Arithmetic.QuotientAnalytic, (1.0f, 2.0f), (-3.5f, 0.25f), (0.0f, -1.5f));
        yield return Case.F2(nameof(NegationF), NegationF, NegationFGradient, NegationFValueAndGradient, NegationFPullback,
            Arithmetic.Negation, Arithmetic.NegationAnalytic, (1.0f, 2.0f), (-3.5f, 0.25f), (0.0f, -1.5f));
        yield return Case.F2(nameof(ParenthesesF), ParenthesesF, ParenthesesFGradient, ParenthesesFValueAndGradient,
            ParenthesesFPullback, Arithmetic.Parentheses, Arithmetic.ParenthesesAnalytic, (1.0f, 2.0f), (-0.5f, 0.75f), (2.5f, -0.2f));
        yield return Case.F2(nameof(ConstantsF), ConstantsF, ConstantsFGradient, ConstantsFValueAndGradient, ConstantsFPullback,
            Arithmetic.Constants, Arithmetic.ConstantsAnalytic, (1.0f, 2.0f), (-0.5f, 0.75f), (0.0f, -3.0f));
        yield return Case.F2(nameof(LocalsF), LocalsF, LocalsFGradient, LocalsFValueAndGradient, LocalsFPullback,
            Arithmetic.Locals, Arithmetic.LocalsAnalytic, (1.0f, 2.0f), (-0.5f, 0.75f), (0.3f, -1.1f));
        yield return Case.F2(nameof(ReassignmentF), ReassignmentF, ReassignmentFGradient, ReassignmentFValueAndGradient,
            ReassignmentFPullback, Arithmetic.Reassignment, Arithmetic.ReassignmentAnalytic, (1.0f, 2.0f), (-0.5f, 0.75f), (0.3f, -1.1f));
        yield return Case.F2(nameof(CompoundAssignmentF), CompoundAssignmentF, CompoundAssignmentFGradient,
            CompoundAssignmentFValueAndGradient, CompoundAssignmentFPullback, Arithmetic.CompoundAssignment,
            Arithmetic.CompoundAssignmentAnalytic, (1.0f, 2.0f), (-0.5f, 0.75f), (0.3f, -1.1f));
        yield return Case.F2(nameof(ParameterAssignmentF), ParameterAssignmentF, ParameterAssignmentFGradient,
            ParameterAssignmentFValueAndGradient, ParameterAssignmentFPullback, Arithmetic.ParameterAssignment,
            Arithmetic.ParameterAssignmentAnalytic, (1.0f, 2.0f), (-0.5f, 0.75f), (3.0f, 0.5f));
        yield return Case.F2(nameof(InParametersF),
            (x, y) => InParametersF(in x, in y),
            (x, y) => InParametersFGradient(in x, in y),
            (x, y) => InParametersFValueAndGradient(in x, in y),
            (float x, float y, float s, ref float ax, ref float ay) => InParametersFPullback(in x, in y, s, ref ax, ref ay),
            (x, y) => Arithmetic.InParameters(in x, in y), Arithmetic.InParametersAnalytic,
            (1.0f, 2.0f), (-0.5f, 0.75f), (0.3f, -1.1f)) with { Pushforward = (p, tangent) => InParametersFPushforward(in p[0], in p[1], tangent[0], tangent[1]) };
        foreach (float k in new[] { 0.5f, -3.0f })
        {
            yield return Case.F2($"{nameof(NoDerivativeParameterF)}(k={k})",
                (x, y) => NoDerivativeParameterF(x, k, y),
                (x, y) => NoDerivativeParameterFGradient(x, k, y),
                (x, y) => NoDerivativeParameterFValueAndGradient(x, k, y),
                (float x, float y, float s, ref float ax, ref float ay) => NoDerivativeParameterFPullback(x, k, y, s, ref ax, ref ay),
                (x, y) => Arithmetic.NoDerivativeParameter(x, k, y),
                (x, y) => Arithmetic.NoDerivativeParameterAnalytic(x, k, y), (1.0f, 2.0f), (-0.5f, 0.75f), (0.3f, -1.1f)) with { Pushforward = (p, tangent) => NoDerivativeParameterFPushforward(p[0], k, p[1], tangent[0], tangent[1]) };
        }

        foreach ((int n, bool negate) in new[] { (3, true), (4, false) })
        {
            yield return Case.F2($"{nameof(IntAndBoolF)}(n={n},negate={negate})",
                (x, y) => IntAndBoolF(x, n, negate, y),
                (x, y) => IntAndBoolFGradient(x, n, negate, y),
                (x, y) => IntAndBoolFValueAndGradient(x, n, negate, y),
                (float x, float y, float s, ref float ax, ref float ay) => IntAndBoolFPullback(x, n, negate, y, s, ref ax, ref ay),
                (x, y) => Arithmetic.IntAndBool(x, n, negate, y),
                (x, y) => Arithmetic.IntAndBoolAnalytic(x, n, negate, y), (1.0f, 2.0f), (-0.5f, 0.75f), (1.3f, -1.1f)) with { Pushforward = (p, tangent) => IntAndBoolFPushforward(p[0], n, negate, p[1], tangent[0], tangent[1]) };
        }

        yield return Case.F2(nameof(StopGradientF), StopGradientF, StopGradientFGradient, StopGradientFValueAndGradient,
            StopGradientFPullback,
            Arithmetic.StopGradient, Arithmetic.StopGradientAnalytic, (1.0f, 2.0f), (-0.5f, 0.75f), (0.3f, -1.1f)) with
        {
            // The product x*y is frozen at the point; differences see only the outer x and y.
            FiniteDifferenceTarget = p0 => p => p[0] * (p0[0] * p0[1]) + p[1],
        };
    }
}
