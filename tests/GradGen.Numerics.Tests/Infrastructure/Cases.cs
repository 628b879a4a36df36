namespace GradGen.Numerics.Tests.Infrastructure;

/// <summary>Calls a generated pullback on a flat vector of differentiable coordinates and a flat vector of adjoints.</summary>
public delegate T FlatPullback<T>(T[] point, T seed, T[] adjoints);

/// <summary>Calls a generated pushforward on a flat vector of differentiable coordinates and a flat tangent (the direction,
/// one component per coordinate, laid out as the point).</summary>
public delegate (T Value, T Tangent) FlatPushforward<T>(T[] point, T[] tangent);

public delegate double Pullback1(double x, double seed, ref double xAdjoint);
public delegate double Pullback2(double x, double y, double seed, ref double xAdjoint, ref double yAdjoint);
public delegate double Pullback3(double x, double y, double z, double seed, ref double xAdjoint, ref double yAdjoint, ref double zAdjoint);
public delegate double Pullback4(double a, double b, double c, double d, double seed,
    ref double aAdjoint, ref double bAdjoint, ref double cAdjoint, ref double dAdjoint);

public delegate float Pullback1F(float x, float seed, ref float xAdjoint);
public delegate float Pullback2F(float x, float y, float seed, ref float xAdjoint, ref float yAdjoint);
public delegate float Pullback3F(float x, float y, float z, float seed, ref float xAdjoint, ref float yAdjoint, ref float zAdjoint);

/// <summary>
/// One [Differentiable] double function seen through flat vectors: the differentiable coordinates in declaration
/// order (array elements expanded), its generated members, a hand-written analytic gradient and test points.
/// Constant arguments (int, bool, [NoDerivative], fields) are fixed by the adapter lambdas.
/// </summary>
public sealed record DoubleCase
{
    public required string Name { get; init; }

    /// <summary>The names of the differentiable coordinates, for messages.</summary>
    public required string[] Parameters { get; init; }

    public required Func<double[], double> Value { get; init; }

    public required Func<double[], double[]> Gradient { get; init; }

    public required Func<double[], (double Value, double[] Gradient)> ValueAndGradient { get; init; }

    public required FlatPullback<double> Pullback { get; init; }

    /// <summary>The generated <c>FPushforward</c> (every [Differentiable] method of this project sets <c>Forward = true</c>);
    /// null where the case does not call it (<see cref="PushforwardTests"/> lists how many do).</summary>
    public FlatPushforward<double>? Pushforward { get; init; }

    public required Func<double[], double[]> Analytic { get; init; }

    public required double[][] Points { get; init; }

    /// <summary>
    /// The function to take finite differences of, given the point: by default <see cref="Value"/>. A function that
    /// holds a sub-expression constant (Gradients.WithoutDerivative) supplies the function with that sub-expression
    /// frozen at the point, whose true derivative is what the generated gradient must be.
    /// </summary>
    public Func<double[], Func<double[], double>>? FiniteDifferenceTarget { get; init; }

    public Func<double[], double> TargetAt(double[] point) => FiniteDifferenceTarget?.Invoke(point) ?? Value;

    /// <summary>
    /// Indices of points that lie on a kink or branch boundary on purpose (to check which side the generated gradient
    /// takes there): finite differences are meaningless at them, so the finite-difference test leaves them out.
    /// </summary>
    public int[] PointsOnABoundary { get; init; } = [];

    public override string ToString() => Name;
}

/// <summary>
/// One [Differentiable] float function. Its reference is the double-precision analogue (the same formula written
/// with double and Math): the analytic gradient and the finite differences are evaluated in double at the float
/// point widened exactly to double.
/// </summary>
public sealed record FloatCase
{
    public required string Name { get; init; }

    public required string[] Parameters { get; init; }

    public required Func<float[], float> Value { get; init; }

    public required Func<float[], float[]> Gradient { get; init; }

    public required Func<float[], (float Value, float[] Gradient)> ValueAndGradient { get; init; }

    public required FlatPullback<float> Pullback { get; init; }

    /// <summary>As <see cref="DoubleCase.Pushforward"/>.</summary>
    public FlatPushforward<float>? Pushforward { get; init; }

    /// <summary>The double-precision analogue of the function.</summary>
    public required Func<double[], double> Reference { get; init; }

    /// <summary>The analytic gradient of the double-precision analogue.</summary>
    public required Func<double[], double[]> Analytic { get; init; }

    public required float[][] Points { get; init; }

    /// <summary>As <see cref="DoubleCase.FiniteDifferenceTarget"/>, for the double analogue.</summary>
    public Func<double[], Func<double[], double>>? FiniteDifferenceTarget { get; init; }

    public Func<double[], double> TargetAt(double[] point) => FiniteDifferenceTarget?.Invoke(point) ?? Reference;

    public override string ToString() => Name;
}

/// <summary>Builders of cases from method groups (or lambdas, when constant arguments must be bound).</summary>
internal static class Case
{
    private static readonly string[] Xyz = ["x", "y", "z"];
    private static readonly string[] Abcd = ["a", "b", "c", "d"];

    public static DoubleCase D1(string name, Func<double, double> f, Func<double, double> gradient,
        Func<double, (double, double)> valueAndGradient, Pullback1 pullback, Func<double, double> analytic,
        params double[] points) => D1(name, ["x"], f, gradient, valueAndGradient, pullback, analytic, points);

    public static DoubleCase D1(string name, string[] parameters, Func<double, double> f, Func<double, double> gradient,
        Func<double, (double, double)> valueAndGradient, Pullback1 pullback, Func<double, double> analytic,
        params double[] points) => new()
        {
            Name = name,
            Parameters = parameters,
            Value = p => f(p[0]),
            Gradient = p => [gradient(p[0])],
            ValueAndGradient = p =>
            {
                (double value, double g) = valueAndGradient(p[0]);
                return (value, [g]);
            },
            Pullback = (p, seed, a) => pullback(p[0], seed, ref a[0]),
            Pushforward = Pushforwards.Scalar<double>(f),
            Analytic = p => [analytic(p[0])],
            Points = points.Select(x => new[] { x }).ToArray(),
        };

    public static DoubleCase D2(string name, Func<double, double, double> f, Func<double, double, (double, double)> gradient,
        Func<double, double, (double, (double, double))> valueAndGradient, Pullback2 pullback,
        Func<double, double, (double, double)> analytic, params (double, double)[] points) =>
        D2(name, ["x", "y"], f, gradient, valueAndGradient, pullback, analytic, points);

    public static DoubleCase D2(string name, string[] parameters, Func<double, double, double> f,
        Func<double, double, (double, double)> gradient, Func<double, double, (double, (double, double))> valueAndGradient,
        Pullback2 pullback, Func<double, double, (double, double)> analytic, params (double, double)[] points) => new()
        {
            Name = name,
            Parameters = parameters,
            Value = p => f(p[0], p[1]),
            Gradient = p => Flat(gradient(p[0], p[1])),
            ValueAndGradient = p =>
            {
                (double value, (double, double) g) = valueAndGradient(p[0], p[1]);
                return (value, Flat(g));
            },
            Pullback = (p, seed, a) => pullback(p[0], p[1], seed, ref a[0], ref a[1]),
            Pushforward = Pushforwards.Scalar<double>(f),
            Analytic = p => Flat(analytic(p[0], p[1])),
            Points = points.Select(t => new[] { t.Item1, t.Item2 }).ToArray(),
        };

    public static DoubleCase D3(string name, Func<double, double, double, double> f,
        Func<double, double, double, (double, double, double)> gradient,
        Func<double, double, double, (double, (double, double, double))> valueAndGradient, Pullback3 pullback,
        Func<double, double, double, (double, double, double)> analytic, params (double, double, double)[] points) =>
        D3(name, Xyz, f, gradient, valueAndGradient, pullback, analytic, points);

    public static DoubleCase D3(string name, string[] parameters, Func<double, double, double, double> f,
        Func<double, double, double, (double, double, double)> gradient,
        Func<double, double, double, (double, (double, double, double))> valueAndGradient, Pullback3 pullback,
        Func<double, double, double, (double, double, double)> analytic, params (double, double, double)[] points) => new()
        {
            Name = name,
            Parameters = parameters,
            Value = p => f(p[0], p[1], p[2]),
            Gradient = p => Flat(gradient(p[0], p[1], p[2])),
            ValueAndGradient = p =>
            {
                (double value, (double, double, double) g) = valueAndGradient(p[0], p[1], p[2]);
                return (value, Flat(g));
            },
            Pullback = (p, seed, a) => pullback(p[0], p[1], p[2], seed, ref a[0], ref a[1], ref a[2]),
            Pushforward = Pushforwards.Scalar<double>(f),
            Analytic = p => Flat(analytic(p[0], p[1], p[2])),
            Points = points.Select(t => new[] { t.Item1, t.Item2, t.Item3 }).ToArray(),
        };

    public static DoubleCase D4(string name, Func<double, double, double, double, double> f,
        Func<double, double, double, double, (double, double, double, double)> gradient,
        Func<double, double, double, double, (double, (double, double, double, double))> valueAndGradient, Pullback4 pullback,
        Func<double, double, double, double, (double, double, double, double)> analytic,
        params (double, double, double, double)[] points) => new()
        {
            Name = name,
            Parameters = Abcd,
            Value = p => f(p[0], p[1], p[2], p[3]),
            Gradient = p => Flat(gradient(p[0], p[1], p[2], p[3])),
            ValueAndGradient = p =>
            {
                (double value, (double, double, double, double) g) = valueAndGradient(p[0], p[1], p[2], p[3]);
                return (value, Flat(g));
            },
            Pullback = (p, seed, a) => pullback(p[0], p[1], p[2], p[3], seed, ref a[0], ref a[1], ref a[2], ref a[3]),
            Pushforward = Pushforwards.Scalar<double>(f),
            Analytic = p => Flat(analytic(p[0], p[1], p[2], p[3])),
            Points = points.Select(t => new[] { t.Item1, t.Item2, t.Item3, t.Item4 }).ToArray(),
        };

    public static FloatCase F1(string name, Func<float, float> f, Func<float, float> gradient,
        Func<float, (float, float)> valueAndGradient, Pullback1F pullback,
        Func<double, double> reference, Func<double, double> analytic, params float[] points) => new()
        {
            Name = name,
            Parameters = ["x"],
            Value = p => f(p[0]),
            Gradient = p => [gradient(p[0])],
            ValueAndGradient = p =>
            {
                (float value, float g) = valueAndGradient(p[0]);
                return (value, [g]);
            },
            Pullback = (p, seed, a) => pullback(p[0], seed, ref a[0]),
            Pushforward = Pushforwards.Scalar<float>(f),
            Reference = p => reference(p[0]),
            Analytic = p => [analytic(p[0])],
            Points = points.Select(x => new[] { x }).ToArray(),
        };

    public static FloatCase F2(string name, Func<float, float, float> f, Func<float, float, (float, float)> gradient,
        Func<float, float, (float, (float, float))> valueAndGradient, Pullback2F pullback,
        Func<double, double, double> reference, Func<double, double, (double, double)> analytic,
        params (float, float)[] points) => F2(name, ["x", "y"], f, gradient, valueAndGradient, pullback, reference, analytic, points);

    public static FloatCase F2(string name, string[] parameters, Func<float, float, float> f,
        Func<float, float, (float, float)> gradient, Func<float, float, (float, (float, float))> valueAndGradient,
        Pullback2F pullback, Func<double, double, double> reference, Func<double, double, (double, double)> analytic,
        params (float, float)[] points) => new()
        {
            Name = name,
            Parameters = parameters,
            Value = p => f(p[0], p[1]),
            Gradient = p => Flat(gradient(p[0], p[1])),
            ValueAndGradient = p =>
            {
                (float value, (float, float) g) = valueAndGradient(p[0], p[1]);
                return (value, Flat(g));
            },
            Pullback = (p, seed, a) => pullback(p[0], p[1], seed, ref a[0], ref a[1]),
            Pushforward = Pushforwards.Scalar<float>(f),
            Reference = p => reference(p[0], p[1]),
            Analytic = p => Flat(analytic(p[0], p[1])),
            Points = points.Select(t => new[] { t.Item1, t.Item2 }).ToArray(),
        };

    public static FloatCase F3(string name, Func<float, float, float, float> f,
        Func<float, float, float, (float, float, float)> gradient,
        Func<float, float, float, (float, (float, float, float))> valueAndGradient, Pullback3F pullback,
        Func<double, double, double, double> reference, Func<double, double, double, (double, double, double)> analytic,
        params (float, float, float)[] points) => new()
        {
            Name = name,
            Parameters = Xyz,
            Value = p => f(p[0], p[1], p[2]),
            Gradient = p => Flat(gradient(p[0], p[1], p[2])),
            ValueAndGradient = p =>
            {
                (float value, (float, float, float) g) = valueAndGradient(p[0], p[1], p[2]);
                return (value, Flat(g));
            },
            Pullback = (p, seed, a) => pullback(p[0], p[1], p[2], seed, ref a[0], ref a[1], ref a[2]),
            Pushforward = Pushforwards.Scalar<float>(f),
            Reference = p => reference(p[0], p[1], p[2]),
            Analytic = p => Flat(analytic(p[0], p[1], p[2])),
            Points = points.Select(t => new[] { t.Item1, t.Item2, t.Item3 }).ToArray(),
        };

    public static double[] Flat((double, double) t) => [t.Item1, t.Item2];

    public static double[] Flat((double, double, double) t) => [t.Item1, t.Item2, t.Item3];

    public static double[] Flat((double, double, double, double) t) => [t.Item1, t.Item2, t.Item3, t.Item4];

    public static float[] Flat((float, float) t) => [t.Item1, t.Item2];

    public static float[] Flat((float, float, float) t) => [t.Item1, t.Item2, t.Item3];
}
