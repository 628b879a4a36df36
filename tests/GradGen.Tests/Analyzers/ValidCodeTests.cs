using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Valid [Differentiable] methods: no diagnostic at all (in particular never GG9999).</summary>
public class ValidCodeTests
{
    [Fact]
    public Task ContractExamples() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Quadratic(double x, double y) => x * x + 3 * y * y;

            [Differentiable]
            public static double Mse(double w, double b,
                [NoDerivative] ReadOnlySpan<double> xs, [NoDerivative] ReadOnlySpan<double> ys)
            {
                double sum = 0;
                for (int i = 0; i < xs.Length; i++)
                {
                    double r = ys[i] - (w * xs[i] + b);
                    sum += r * r;
                }

                return sum / xs.Length;
            }
        }
        """);

    [Fact]
    public Task LoopsOfEveryKind() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Loops
        {
            [Differentiable]
            public static double Horner(double x, [NoDerivative] double[] c)
            {
                double acc = 0;
                for (int i = c.Length - 1; i >= 0; i--)
                {
                    acc = acc * x + c[i];
                }

                int k = 0;
                while (k < 3)
                {
                    acc += x;
                    k++;
                    if (k == 2) continue;
                }

                do
                {
                    k--;
                    if (k < 0) break;
                    acc *= 1.5;
                }
                while (k > 0);

                foreach (double v in c)
                {
                    acc += v * x;
                }

                return acc;
            }
        }
        """);

    [Fact]
    public Task SpansArraysAndEarlyReturn() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Spans
        {
            [Differentiable]
            public static float Dot(ReadOnlySpan<float> a, Span<float> b, in float scale)
            {
                if (a.Length == 0)
                {
                    return 0f;
                }

                float s = 0;
                for (int i = 0; i < a.Length; i++)
                {
                    s += a[i] * b[i];
                }

                return s * scale;
            }

            [Differentiable]
            public static double SumOfSquares(double[] xs)
            {
                double s = 0;
                foreach (double v in xs)
                {
                    s += v * v;
                }

                return s;
            }
        }
        """);

    [Fact]
    public Task LocalStackallocBufferAtTopLevel() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Buffers
        {
            [Differentiable]
            public static double PrefixSum(double[] x)
            {
                Span<double> prefix = stackalloc double[x.Length + 1];
                double[] squares = new double[x.Length];
                prefix[0] = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    squares[i] = x[i] * x[i];
                    prefix[i + 1] = prefix[i] + squares[i];
                }

                return prefix[x.Length];
            }
        }
        """);

    [Fact]
    public Task CallsBetweenDifferentiableMethods() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        namespace Samples
        {
            public static partial class Activations
            {
                [Differentiable]
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [Differentiable]
                internal static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
            }

            public partial class Model
            {
                public double Bias = 0.5;

                [Differentiable]
                public double Neuron(double w, double x) => Activations.Sigmoid(w * x + {|GG1008:Bias|});

                [Differentiable]
                public double Loss(double w, [NoDerivative] double x, [NoDerivative] double target)
                {
                    double p = Neuron(w, x);
                    double q = this.Neuron(w, 2 * x);
                    return (p - target) * (p - target) + Activations.Softplus(q);
                }
            }
        }
        """);

    [Fact]
    public Task DifferentiableCalleeTakingAnArray() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double SumSquares(double[] xs)
            {
                double s = 0;
                for (int i = 0; i < xs.Length; i++) s += xs[i] * xs[i];
                return s;
            }

            [Differentiable]
            public static double Regularized(double[] w, [NoDerivative] double lambda)
            {
                double[] shifted = new double[w.Length];
                for (int i = 0; i < w.Length; i++) shifted[i] = w[i] - 1;
                return lambda * SumSquares(w) + SumSquares(shifted);
            }
        }
        """);

    [Fact]
    public Task WithoutDerivativeAroundAnUnknownCall() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            private static double Noise(double seed) => Math.Sin(seed * 12.9898) * 43758.5453 % 1;

            [Differentiable]
            public static double Loss(double w) =>
                w * w + Gradients.WithoutDerivative(Noise(w)) + Gradients.WithoutDerivative(Math.Clamp(w, 0, 1)) * w;
        }
        """);

    [Fact]
    public Task ComparisonOnAHeldConstantValue() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Relu(double x) =>
                Gradients.WithoutDerivative(x) > 0 ? x : 0;

            [Differentiable]
            public static double Clip(double x, [NoDerivative] double limit)
            {
                double held = Gradients.WithoutDerivative(x);
                if (held > limit)
                {
                    return limit;
                }

                return x;
            }
        }
        """);

    [Fact]
    public Task PartialMethodWithTheAttributeOnTheDeclaration() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static partial double Square(double x);
        }

        public static partial class Losses
        {
            public static partial double Square(double x) => x * x;
        }
        """);

    [Fact]
    public Task PartialMethodWithTheAttributeOnTheImplementation() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            public static partial double Square(double x);

            [Differentiable]
            public static partial double Square(double x)
            {
                return x * x;
            }
        }
        """);

    [Fact]
    public Task OpaqueCallsWithConstantArguments() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            private static double Weight(int k) => 1.0 / (k + 1);

            private static double[] Table(int n) => new double[n];

            [Differentiable]
            public static double Loss(double w, int k, [NoDerivative] double[] data)
            {
                double scale = Weight(k) + Weight(3) + Math.Clamp(data[0], 0, 1);
                return scale * w + Table(2).Length * w;
            }
        }
        """);

    [Fact]
    public Task ElementaryFunctionsAndConstants() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Elementary
        {
            [Differentiable]
            public static double All(double x, double y)
            {
                const double half = 0.5;
                double a = Math.Sin(x) + Math.Cos(x) + Math.Tan(x) + Math.Asin(half * Math.Tanh(x)) + Math.Acos(half) + Math.Atan(x);
                double b = Math.Atan2(y, x) + Math.Sinh(x) + Math.Cosh(x) + Math.Tanh(x) + Math.Asinh(x) + Math.Acosh(1 + x * x) + Math.Atanh(half * Math.Tanh(x));
                double c = Math.Exp(x) + Math.Log(1 + x * x) + Math.Log(2 + y * y, 3) + Math.Log10(1 + x * x) + Math.Log2(1 + y * y);
                double d = Math.Sqrt(1 + x * x) + Math.Cbrt(y) + Math.Pow(x, 3) + Math.FusedMultiplyAdd(x, y, half) + Math.PI * Math.E;
                double e = -x % 2 + +y / 3;
                e++;
                e--;
                e -= 1;
                e /= 2;
                return a + b + c + d + e;
            }
        }
        """);

    [Fact]
    public Task InstanceMembersAndNestedGenericContainingTypes() => Verify.AnalyzerAsync("""
        using GradGen;

        namespace Samples.Nested;

        public partial class Outer<T>
        {
            internal partial struct Inner
            {
                public double Scale;

                public double Offset { get; init; }

                [Differentiable]
                private double Loss(double w, T tag) => {|GG1008:Scale|} * w * w + {|GG1008:Offset|} * w;
            }
        }
        """);

    [Fact]
    public Task ConditionsAndLogicOnIntegersAndBooleans() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n, long m, bool flag)
            {
                bool any = flag || n > 2 && m != 4;
                int k = (n & 3) + (n << 1);
                double y = any ? x * k : -x;
                if (!any)
                {
                    y = y * m;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task CompileErrorsInOtherMethodsDoNotMatter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Square(double x) => x * x;

            public static double Broken() => {|CS0103:undefined|};
        }
        """);
}
