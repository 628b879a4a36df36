using GradGen.Numerics.Tests.Infrastructure;

#pragma warning disable GG1008 // fields and properties read as constants on purpose: the cases check they get no derivative

namespace GradGen.Numerics.Tests.Functions;

/// <summary>
/// C# forms the generator must read or print faithfully: named arguments (out of order), constants of the numeric
/// types, literal spellings, constant sub-expressions, declarations, names that look like generated names, keyword
/// parameter names, overloads, nested and logical conditions, calls to other [Differentiable] methods.
/// </summary>
public static partial class Syntax
{
    // Named arguments in a different order than the parameters: Atan2(y, x), Pow(x, y), Log(a, newBase).
    [Differentiable(Forward = true)]
    public static double NamedArguments(double a, double b) =>
        Math.Atan2(x: a, y: b) + Math.Pow(y: 2.0, x: b) + Math.Log(newBase: 3.0, a: a);

    // f = atan2(b, a) + b^2 + ln a / ln 3
    public static (double, double) NamedArgumentsAnalytic(double a, double b)
    {
        double r2 = a * a + b * b;
        return (-b / r2 + 1 / (a * Math.Log(3)), a / r2 + 2 * b);
    }

    // Constants of double, and literal spellings: hex and separated ints, a leading dot, d and f suffixes.
    [Differentiable(Forward = true)]
    public static double LiteralsAndTypeConstants(double x) =>
        double.Pi * x + double.E + double.Tau * x * x + 0x10 * x + 1_000.5 * x + .5 * x + 5d * x + 0.1f * x;

    public static double LiteralsAndTypeConstantsAnalytic(double x) =>
        double.Pi + 2 * double.Tau * x + 16 + 1000.5 + 0.5 + 5 + (double)0.1f;

    // Constant sub-expressions whose double result is not the exact decimal one (0.1 * 3, 0.1 + 0.2, 1.0 / 3).
    [Differentiable(Forward = true)]
    public static double ConstantArithmetic(double x) => 0.1 * 3 * x + x * (0.1 + 0.2) + 1.0 / 3 * x + x / 3;

    public static double ConstantArithmeticAnalytic(double x) => 0.1 * 3 + (0.1 + 0.2) + 1.0 / 3 + 1.0 / 3;

    // Log with a constant base and with a constant argument.
    [Differentiable(Forward = true)]
    public static double LogConstantBase(double x) => Math.Log(x, 10.0) + Math.Log(2.0, x);

    public static double LogConstantBaseAnalytic(double x) =>
        1 / (x * Math.Log(10)) - Math.Log(2) / (x * Math.Log(x) * Math.Log(x));

    // Several declarators, default, var, an unassigned declaration, unary plus.
    [Differentiable(Forward = true)]
    public static double Declarations(double x, double y)
    {
        double a = x, b = a * y, c;
        double d = default;
        var e = +a - -b;
        c = a + b;
        d += e * c;
        return d;
    }

    // f = (x + xy)^2
    public static (double, double) DeclarationsAnalytic(double x, double y)
    {
        double e = x + x * y;
        return (2 * e * (1 + y), 2 * e * x);
    }

    // A parameter named seed, one named like an adjoint, and locals named like the generator's own variables.
    [Differentiable(Forward = true)]
    public static double GeneratedNameLookalikes(double seed, double x, double xAdjoint)
    {
        double _result = seed * x;
        double _d_x = _result * xAdjoint;
        double _value = _d_x + seed;
        double _saved_x = x;
        x = _value * _saved_x;
        return x;
    }

    // f = (s x a + s) x
    public static (double, double, double) GeneratedNameLookalikesAnalytic(double s, double x, double a) =>
        (x * a * x + x, 2 * s * x * a + s, s * x * x);

    // Keyword parameter names.
    [Differentiable(Forward = true)]
    public static double Keywords(double @event, double @in) => @event * Math.Sin(@in);

    public static (double, double) KeywordsAnalytic(double e, double i) => (Math.Sin(i), e * Math.Cos(i));

    // Overloads: the generated members of each must not clash.
    [Differentiable(Forward = true)]
    public static double Overloaded(double x) => x * x * x;

    public static double OverloadedAnalytic(double x) => 3 * x * x;

    [Differentiable(Forward = true)]
    public static double Overloaded(double x, double y) => x * x * y;

    public static (double, double) OverloadedAnalytic(double x, double y) => (2 * x * y, x * x);

    [Differentiable(Forward = true)]
    public static float Overloaded(float x) => x * x * x;

#pragma warning disable GG1002 // On purpose: nested conditionals and &&, || and == on differentiable values.
    [Differentiable(Forward = true)]
    public static double NestedConditional(double x, double y) => x > 0 ? (y > 0 ? x * y : y) : x - y;

    [Differentiable(Forward = true)]
    public static double LogicalCondition(double x, double y) => (x > 0 && y < 1) || x == y ? x * y : x + 2 * y;
#pragma warning restore GG1002

    public static (double, double) NestedConditionalAnalytic(double x, double y) =>
        x > 0 ? (y > 0 ? (y, x) : (0, 1)) : (1, -1);

    public static (double, double) LogicalConditionAnalytic(double x, double y) =>
        (x > 0 && y < 1) || x == y ? (y, x) : (1, 2);

    // Calls to other [Differentiable] methods, in this type and in another one.
    [Differentiable(Forward = true)]
    public static double CallsDifferentiable(double x, double y) =>
        Composite.Sigmoid(x * y) + Composite.Rosenbrock(x, y) * 0.01 + Overloaded(y);

    public static (double, double) CallsDifferentiableAnalytic(double x, double y)
    {
        double ds = Composite.SigmoidAnalytic(x * y);
        (double rx, double ry) = Composite.RosenbrockAnalytic(x, y);
        return (ds * y + 0.01 * rx, ds * x + 0.01 * ry + 3 * y * y);
    }

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        yield return Case.D2(nameof(NamedArguments), ["a", "b"], NamedArguments, NamedArgumentsGradient,
            NamedArgumentsValueAndGradient, NamedArgumentsPullback, NamedArgumentsAnalytic, (0.7, 1.3), (2.0, -0.5), (0.3, 0.1));
        yield return Case.D1(nameof(LiteralsAndTypeConstants), LiteralsAndTypeConstants, LiteralsAndTypeConstantsGradient,
            LiteralsAndTypeConstantsValueAndGradient, LiteralsAndTypeConstantsPullback, LiteralsAndTypeConstantsAnalytic,
            -1.0, 0.0, 0.7, 20.0);
        yield return Case.D1(nameof(ConstantArithmetic), ConstantArithmetic, ConstantArithmeticGradient,
            ConstantArithmeticValueAndGradient, ConstantArithmeticPullback, ConstantArithmeticAnalytic, -1.0, 0.7, 3.0);
        yield return Case.D1(nameof(LogConstantBase), LogConstantBase, LogConstantBaseGradient, LogConstantBaseValueAndGradient,
            LogConstantBasePullback, LogConstantBaseAnalytic, 0.5, 3.0, 100.0);
        yield return Case.D2(nameof(Declarations), Declarations, DeclarationsGradient, DeclarationsValueAndGradient,
            DeclarationsPullback, DeclarationsAnalytic, (0.7, 1.3), (2.0, -0.5), (-0.3, 0.1));
        yield return Case.D3(nameof(GeneratedNameLookalikes), ["seed", "x", "xAdjoint"], GeneratedNameLookalikes,
            GeneratedNameLookalikesGradient, GeneratedNameLookalikesValueAndGradient, GeneratedNameLookalikesPullback,
            GeneratedNameLookalikesAnalytic, (0.7, 1.3, -0.5), (2.0, -0.5, 3.0));
        yield return Case.D2(nameof(Keywords), ["event", "in"], Keywords, KeywordsGradient, KeywordsValueAndGradient,
            KeywordsPullback, KeywordsAnalytic, (0.7, 1.3), (2.0, -0.5));
        yield return Case.D1("Overloaded(double)", Overloaded, OverloadedGradient, OverloadedValueAndGradient,
            OverloadedPullback, OverloadedAnalytic, -1.0, 0.7, 3.0);
        yield return Case.D2("Overloaded(double, double)", Overloaded, OverloadedGradient, OverloadedValueAndGradient,
            OverloadedPullback, OverloadedAnalytic, (0.7, 1.3), (2.0, -0.5));
        yield return Case.D2(nameof(NestedConditional), NestedConditional, NestedConditionalGradient,
            NestedConditionalValueAndGradient, NestedConditionalPullback, NestedConditionalAnalytic,
            (0.7, 1.3), (0.7, -1.3), (-0.7, 1.3), (-0.7, -1.3));
        yield return Case.D2(nameof(LogicalCondition), LogicalCondition, LogicalConditionGradient,
            LogicalConditionValueAndGradient, LogicalConditionPullback, LogicalConditionAnalytic,
            (0.7, 0.5), (0.7, 1.3), (-0.7, 0.5), (-0.7, -0.7)) with
        {
            PointsOnABoundary = [3], // x == y: the gradient of the branch taken (x * y), checked against the analytic one
        };
        yield return Case.D2(nameof(CallsDifferentiable), CallsDifferentiable, CallsDifferentiableGradient,
            CallsDifferentiableValueAndGradient, CallsDifferentiablePullback, CallsDifferentiableAnalytic,
            (0.7, 1.3), (2.0, -0.5), (-0.3, 0.1));
    }

    internal static IEnumerable<FloatCase> FloatCases()
    {
        yield return Case.F1("Overloaded(float)", Overloaded, OverloadedGradient, OverloadedValueAndGradient,
            OverloadedPullback, Overloaded, OverloadedAnalytic, -1.0f, 0.7f, 3.0f);
    }
}

/// <summary>A generic containing type: the method itself is not generic.</summary>
public sealed partial class Scaled<T>(double factor)
{
    private readonly double _factor = factor;

    [Differentiable(Forward = true)]
    public double Apply(double x, double y) => _factor * Math.Sin(x) * y;

    public (double, double) ApplyAnalytic(double x, double y) => (_factor * Math.Cos(x) * y, _factor * Math.Sin(x));

    internal static IEnumerable<DoubleCase> DoubleCases()
    {
        var s = new Scaled<T>(2.5);
        yield return Case.D2($"Scaled<{typeof(T).Name}>.Apply", s.Apply, s.ApplyGradient, s.ApplyValueAndGradient,
            s.ApplyPullback, s.ApplyAnalytic, (0.7, 1.3), (2.0, -0.5));
    }
}
