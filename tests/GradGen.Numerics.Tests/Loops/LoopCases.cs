using GradGen.Numerics.Tests.Infrastructure;

namespace GradGen.Numerics.Tests.Loops;

/// <summary>The pullback of a function of one array and one scalar, both differentiable.</summary>
public delegate double VectorScalarPullback(double[] x, double s, double seed, Span<double> xAdjoint, ref double sAdjoint);

/// <summary>The pullback of a function of two arrays, both differentiable.</summary>
public delegate double TwoVectorPullback(double[] a, double[] b, double seed, Span<double> aAdjoint, Span<double> bAdjoint);

/// <summary>Builders of cases for functions of arrays (the flat point is the array, or the array then a scalar).</summary>
internal static class LoopCase
{
    /// <summary>A function of one array named <c>x</c>; every point is one value of it.</summary>
    public static DoubleCase Vector(string name, Func<double[], double> f, Func<double[], double[]> gradient,
        Func<double[], (double, double[])> valueAndGradient, FlatPullback<double> pullback, Func<double[], double[]> analytic,
        params double[][] points) => new()
        {
            Name = name,
            Parameters = new Layout(("x", points[0].Length)).Names,
            // (every point of a case has the same length: the registry checks it)
            Value = f,
            Gradient = gradient,
            ValueAndGradient = p => valueAndGradient(p),
            Pullback = pullback,
            Pushforward = Pushforwards.Array(f),
            Analytic = analytic,
            Points = points,
        };

    /// <summary>A function of an array of <paramref name="length"/> elements and a scalar; every point is the array's
    /// elements followed by the scalar.</summary>
    public static DoubleCase VectorScalar(string name, (string Array, int Length, string Scalar) parameters,
        Func<double[], double, double> f, Func<double[], double, (double[], double)> gradient,
        Func<double[], double, (double, (double[], double))> valueAndGradient, VectorScalarPullback pullback,
        Func<double[], double, (double[], double)> analytic, params double[][] points)
    {
        Layout layout = new((parameters.Array, parameters.Length), (parameters.Scalar, 0));
        double[] Flat((double[] Array, double Scalar) g) => Layout.Join(g.Array, [g.Scalar]);
        return new DoubleCase
        {
            Name = name,
            Parameters = layout.Names,
            Value = p => f(layout.Array(p, 0), layout.Scalar(p, 1)),
            Gradient = p => Flat(gradient(layout.Array(p, 0), layout.Scalar(p, 1))),
            ValueAndGradient = p =>
            {
                (double value, (double[], double) g) = valueAndGradient(layout.Array(p, 0), layout.Scalar(p, 1));
                return (value, Flat(g));
            },
            Pullback = (p, seed, a) => pullback(layout.Array(p, 0), layout.Scalar(p, 1), seed, layout.Span(a, 0), ref layout.Scalar(a, 1)),
            Analytic = p => Flat(analytic(layout.Array(p, 0), layout.Scalar(p, 1))),
            Points = points,
        };
    }

    /// <summary>A function of two arrays; every point is the first array's elements followed by the second's.</summary>
    public static DoubleCase TwoVectors(string name, (string A, int LengthA, string B, int LengthB) parameters,
        Func<double[], double[], double> f, Func<double[], double[], (double[], double[])> gradient,
        Func<double[], double[], (double, (double[], double[]))> valueAndGradient, TwoVectorPullback pullback,
        Func<double[], double[], (double[], double[])> analytic, params double[][] points)
    {
        Layout layout = new((parameters.A, parameters.LengthA), (parameters.B, parameters.LengthB));
        double[] Flat((double[] A, double[] B) g) => Layout.Join(g.A, g.B);
        return new DoubleCase
        {
            Name = name,
            Parameters = layout.Names,
            Value = p => f(layout.Array(p, 0), layout.Array(p, 1)),
            Gradient = p => Flat(gradient(layout.Array(p, 0), layout.Array(p, 1))),
            ValueAndGradient = p =>
            {
                (double value, (double[], double[]) g) = valueAndGradient(layout.Array(p, 0), layout.Array(p, 1));
                return (value, Flat(g));
            },
            Pullback = (p, seed, a) => pullback(layout.Array(p, 0), layout.Array(p, 1), seed, layout.Span(a, 0), layout.Span(a, 1)),
            Analytic = p => Flat(analytic(layout.Array(p, 0), layout.Array(p, 1))),
            Points = points,
        };
    }
}
