using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Tuple locals (one local per element) and arrays of tuples (data): what is supported reports nothing; what is
/// not is an error on the construct itself, and a rejected tuple local is reported once, where it is declared.</summary>
public class TupleTests
{
    [Fact]
    public Task TupleLocalsAreSupported() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double a, double b, (double Scale, int Count) settings)
            {
                var target = (dx: a / b, dy: Math.Log(b));
                (double, double) t = (1, a);
                t = target;
                t.Item1 *= 2;
                t = (t.Item2, t.Item1);
                var (p, q) = t;
                (p, _) = target;
                var nested = (a, (b, 2));
                nested.Item2.Item1 += 1;
                (double, (double, int)) empty = default;
                var sc = Math.SinCos(a);
                var s = settings;
                return p * q + nested.Item2.Item1 * nested.Item2.Item2 + empty.Item1 + sc.Sin + s.Scale * s.Count + {|GG1008:settings.Scale|};
            }
        }
        """);

    [Fact]
    public Task ArraysOfTuplesAreData() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] u, double[] v, (int User, int Item, double Rating)[] ratings, int k)
            {
                double loss = 0;
                foreach (var (i, j, r) in ratings)
                {
                    double e = u[i] * v[j] - r;
                    loss += e * e;
                }

                foreach (var t in ratings)
                {
                    loss += t.Rating * u[t.User];
                }

                var picked = ratings[k];
                return loss + ratings[k].Item3 * picked.Rating * v[ratings[0].Item2] / ratings.Length;
            }
        }
        """);

    [Fact]
    public Task TupleLocalHoldingAStringIsReportedOnceWhereItIsDeclared() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                var {|GG0012:t = (x, "label")|};
                t.Item1 += 1;
                return t.Item1 * x;
            }
        }
        """);

    [Fact]
    public Task MethodReturningATuple() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static (double, double) Pair(double v) => (v, v * v);

            [Differentiable]
            public static double Loss(double x)
            {
                var t = {|GG0012:Pair(x)|};
                return t.Item1 * t.Item2;
            }
        }
        """);

    [Fact]
    public Task TupleLocalUsedWhole() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Norm((double, double) p) => p.Item1 * p.Item1 + p.Item2 * p.Item2;

            [Differentiable]
            public static double Loss(double x)
            {
                var t = (x, 2 * x);
                double d = ({|GG0012:t|} = (x, x)).Item1;
                return Norm({|GG0012:t|}) + d;
            }
        }
        """);

    [Fact]
    public Task ExplicitConversionOfATuple() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                var t = (x, 2 * x);
                var u = {|GG0012:((float, float))t|};
                return u.Item1 * x;
            }
        }
        """);

    [Fact]
    public Task NestedDeconstructionOfATupleLocal() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                var t = (x, (x, 2 * x));
                {|GG0012:var (a, (b, c)) = t|};
                return a * b * c;
            }
        }
        """);

    [Fact]
    public Task WritesToTupleData() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, (double A, double B) pair, (int, double)[] rows)
            {
                {|GG0009:pair.A|} = x;
                {|GG0009:rows[0].Item2|} = x;
                return {|GG1008:pair.A|} * x + rows[0].Item2;
            }
        }
        """);

    [Fact]
    public Task LocalHoldingAnArrayOfTuples() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, (int, double)[] rows)
            {
                var {|GG0012:copy = rows|};
                return copy[0].Item2 * x;
            }
        }
        """);
}
