using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>GG0012: expressions GradGen cannot differentiate or reproduce, reported on the expression.</summary>
public class ExpressionTests
{
    [Fact]
    public Task Lambda() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            private static double Apply(Func<double, double> f, double v) => f(v);

            [Differentiable]
            public static double Loss(double x) => Apply({|GG0012:v => v * x|}, x);
        }
        """);

    [Fact]
    public Task MethodGroup() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            private static double Apply(Func<double, double> f, double v) => f(v);

            [Differentiable]
            public static double Loss(double x) => Apply({|GG0012:Math.Sin|}, x);
        }
        """);

    [Fact]
    public Task LocalOfDelegateType() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                Func<double, double> {|GG0012:f = v => v * x|};
                return x;
            }
        }
        """);

    [Fact]
    public Task CallThroughADelegate() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, Func<double, double> f) => {|GG0012:f(x)|} * 2;
        }
        """);

    [Fact]
    public Task SwitchExpression() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Apply(double x, int kind) =>
                kind switch
                {
                    0 => Math.Tanh(x),
                    _ => x,
                };
        }
        """);

    [Fact]
    public Task RelationalPattern() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Relu(double x) => x is {|GG1002:> 0|} ? x : 0;
        }
        """);

    [Fact]
    public Task TypeTest() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, object tag) => {|GG0012:tag is string|} ? x : 2 * x;
        }
        """);

    [Fact]
    public Task AssignmentsInsideExpressionsAreSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n)
            {
                double y, z;
                double w = (y = x * 2) + x;
                double[] buf = new double[3];
                int k = 0;
                buf[k++] = y;
                z = w = buf[0] * x;
                while (--n > 0) z += ++y;
                return z + (w += x);
            }
        }
        """);

    [Fact]
    public Task AssignmentsThatWouldChangeTheOrderOfEvaluation() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, bool flag, int k)
            {
                double y = x;
                double a = y + ({|GG0012:y = 2 * x|});
                double c = (a = 2 * x) + ({|GG0012:a = 3 * x|});
                double b = flag ? {|GG0012:y++|} : 0;
                do { b += x; } while ({|GG0012:--k > 0|});
                return a * b + (flag && ({|GG0012:k += 1|}) > 2 ? 1 : 0);
            }
        }
        """);

    [Fact]
    public Task UserDefinedOperator() => Verify.AnalyzerAsync("""
        using GradGen;

        public readonly struct Money
        {
            public readonly double Amount;

            public Money(double amount) => Amount = amount;

            public static double operator *(Money m, double rate) => m.Amount * rate;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, Money m) => {|GG0012:m * x|} + x;
        }
        """);

    [Fact]
    public Task UserDefinedConversion() => Verify.AnalyzerAsync("""
        using GradGen;

        public readonly struct Meters
        {
            public readonly double Value;

            public Meters(double value) => Value = value;

            public static implicit operator double(Meters m) => m.Value;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, Meters m)
            {
                double length = {|GG0012:m|};
                return length * x;
            }
        }
        """);

    [Fact]
    public Task ArraysOfThreeDimensions() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] double[,,] m) => {|GG0012:m[0, 1, 2]|} * x;
        }
        """);

    [Fact]
    public Task WeightsOfThreeDimensionsAreNotHeldConstantSilently() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, {|GG0012:double[,,] m|}) => x * m.Length;
        }
        """);

    [Fact]
    public Task TwoDimensionalArraysOfTheCallerAreNotWrittenAndLocalOnesAreCreatedOnce() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[,] w, [NoDerivative] double[,] x)
            {
                {|GG0009:w[0, 0]|} = 1;
                {|GG0009:x[0, 1]|} = w[0, 1];
                var s = new double[2, 2];
                var {|GG0014:big = new double[100000, 100000]|};
                s[1, 1] = w[1, 1] * x[1, 1];
                double total = s[1, 1];
                for (int i = 0; i < 2; i++)
                {
                    var {|GG0014:t = new double[2, 2]|};
                    total += t[0, 0];
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task DifferentiableCallInsideConditional() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double Loss(double x, int kind) => kind == 0 ? {|GG0012:Square(x)|} : x;
        }
        """);

    [Fact]
    public Task DifferentiableCallComparedInsideLogicalAndIsOnlyAComparison() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            [Differentiable]
            public static double Loss(double x, bool flag)
            {
                double s = Gradients.WithoutDerivative(x);
                if (flag && {|GG1002:Square(x) > s|})
                {
                    return x;
                }

                return 2 * x;
            }
        }
        """);

    [Fact]
    public Task TupleDeconstructionIsSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, double y)
            {
                double a, b;
                (a, b) = (x, 2 * x);
                var (p, q) = (a * y, b);
                (p, q) = (q, p);
                (double r, _) = (p + q, 1);
                return a * b + r;
            }
        }
        """);

    [Fact]
    public Task DeconstructionThatIsNotSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static (double, double) Pair(double v) => (v, v * v);

            [Differentiable]
            public static double Loss(double x, double[] w)
            {
                {|GG0012:var (a, (b, c)) = (x, (x, 2 * x))|};
                {|GG0012:var (d, e) = Pair(x)|};
                ({|GG0009:w[0]|}, x) = (x, 1);
                var ({|GG0012:s|}, t) = ("label", x);
                return x + t;
            }
        }
        """);

    [Fact]
    public Task SinCosDeconstructedIntoLocalsIsSupportedAndIntoAnArrayElementIsNot() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, double[] w)
            {
                var (s, c) = Math.SinCos(x);
                (x, _) = MathF.SinCos((float)c);
                {|GG0012:(w[0], s) = Math.SinCos(x)|};
                return s * c + x + Math.SinCos(w[1]).Cos;
            }
        }
        """);

    [Fact]
    public Task SinCosOfAnArgumentWithAnErrorReportsThatErrorOnly() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                var (s, c) = Math.SinCos({|GG0006:Math.BitIncrement(x)|});
                return s * c;
            }

            [Differentiable]
            public static double Unsupported(double x)
            {
                var (s, c) = Math.SinCos({|GG0012:new[] { x, -x }|}[1]);
                return s * c;
            }
        }
        """);

    [Fact]
    public Task LocalOfAnUnsupportedType() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                string {|GG0012:label = "loss"|};
                return x * x;
            }
        }
        """);

    [Fact]
    public Task RefLocal() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] xs)
            {
                ref double {|GG0012:first = ref xs[0]|};
                return xs[0] * xs[1];
            }
        }
        """);

    [Fact]
    public Task ArrayCreatedOutsideALocalDeclaration() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Total(double[] v) => v.Length;

            [Differentiable]
            public static double Loss(double x) => Total({|GG0012:new double[3]|}) * x;
        }
        """);

    [Fact]
    public Task StackallocOutsideALocalDeclaration() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            private static double Total(Span<double> v) => v.Length;

            [Differentiable]
            public static double Loss(double x) => Total({|GG0012:stackalloc double[3]|}) * x;
        }
        """);

    [Fact]
    public Task ObjectCreation() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x) => {|GG0012:new Random(1)|}.NextDouble() * x;
        }
        """);

    [Fact]
    public Task IndexerOfAListOfNumbersIsData() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, List<double> weights, IReadOnlyList<int> counts) => weights[0] * x + counts[counts.Count - 1];
        }
        """);

    [Fact]
    public Task IndexerOfAnotherCollection() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, Dictionary<int, double> weights) => {|GG0012:weights[0]|} * x;
        }
        """);

    [Fact]
    public Task ParamsArgument() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static double Count(params int[] values) => values.Length;

            [Differentiable]
            public static double Loss(double x) => {|GG0012:Count(1, 2)|} * x;
        }
        """);

    [Fact]
    public Task ReassigningAnArrayParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] xs, [NoDerivative] double[] ys)
            {
                {|GG0012:ys|} = xs;
                return ys[0];
            }
        }
        """);

    [Fact]
    public Task ArrayArgumentOfADifferentiableCalleeThatIsNotAVariable() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            private double[] _weights = new double[3];

            [Differentiable]
            public static double SumSquares(double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++) s += xs[i] * xs[i];
                return s;
            }

            [Differentiable]
            public double Loss(double x) => SumSquares({|GG0012:{|GG1008:_weights|}|}) * x;
        }
        """);

    [Fact]
    public Task CallToAGenericDifferentiableMethod() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Tagged<T>(double x, T tag) => x * x;

            [Differentiable]
            public static double Loss(double x) => Tagged(x, 0) + x;
        }
        """);

    [Fact]
    public Task CallToAGenericHelperWithoutTheAttribute() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            public static T Square<T>(T x) where T : IFloatingPointIeee754<T> => x * x;

            [Differentiable]
            public static double Loss(double x) => {|GG0006:Square(x)|} + x;
        }
        """);

    [Fact]
    public Task PointerLocal() => AnalyzerVerify.UnsafeAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static unsafe double Loss(double x, int n)
            {
                int* {|GG0012:p = &n|};
                return x * {|GG0012:*p|};
            }
        }
        """);

    [Fact]
    public Task ParametersOfTypesGeneratedCodeCannotName() => AnalyzerVerify.UnsafeAsync("""
        using GradGen;

        public static partial class Losses
        {
            // The generated members are not unsafe: they cannot take pointers on.
            [Differentiable]
            public static unsafe double Loss(double x, {|GG0012:int* counts|}, {|GG0012:delegate*<double, double> f|}) => x * x;
        }
        """);

    [Fact]
    public Task ALocalThatIsRejectedIsNotReportedAgainWhereItIsUsed() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] xs)
            {
                string {|GG0012:label = "loss"|};
                ref double {|GG0012:first = ref xs[0]|};
                return first * first * label.Length;
            }
        }
        """);

    [Fact]
    public Task APrimaryConstructorsParameterIsAnErrorNotACrash() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Scaler(double scale)
        {
            [Differentiable]
            public double Scale(double x) => {|#0:scale|} * x;

            [Differentiable]
            public double Bump(double x)
            {
                {|#1:scale|} = x;
                return x * x;
            }
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("scale",
            "'scale' is a parameter of the primary constructor, which the generated code (another part of the type) cannot see; assign it to a field or property and read that"),
        Verify.Diagnostic("GG0009").WithLocation(1).WithArguments("the primary constructor's parameter 'scale'", "Compute into a local and return the value instead."));
}
