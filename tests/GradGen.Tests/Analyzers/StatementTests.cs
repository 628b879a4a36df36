using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>GG0007: statements GradGen cannot differentiate, reported on the statement's keyword (on the
/// whole labeled statement; on the expression of an expression statement).</summary>
public class StatementTests
{
    [Fact]
    public Task TryCatch() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                {|GG0007:try|}
                {
                    return x * x;
                }
                catch
                {
                    return 0;
                }
            }
        }
        """);

    [Fact]
    public Task TryFinally() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double y = 0;
                {|GG0007:try|}
                {
                    y = x * x;
                }
                finally
                {
                    y = y + 1;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task Lock() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static readonly object Gate = new object();

            [Differentiable]
            public static double Loss(double x)
            {
                double y = 0;
                {|GG0007:lock|} (Gate)
                {
                    y = x * x;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task UsingStatement() => Verify.AnalyzerAsync("""
        using System.IO;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double y = 0;
                {|GG0007:using|} (var stream = new MemoryStream())
                {
                    y = x * x;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task UsingDeclaration() => Verify.AnalyzerAsync("""
        using System.IO;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                {|GG0007:using|} var stream = new MemoryStream();
                return x * x;
            }
        }
        """);

    [Fact]
    public Task GotoAndLabel() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n)
            {
                double y = x;
                if (n > 3)
                {
                    {|GG0007:goto|} done;
                }

                y = y * x;
                {|GG0007:done: return y;|}
            }
        }
        """);

    [Fact]
    public Task SwitchStatement() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Activations
        {
            [Differentiable]
            public static double Apply(double x, int kind)
            {
                switch (kind)
                {
                    case 0: return Math.Tanh(x);
                    case 1: return x / (1 + Math.Exp(-x));
                    default: return x;
                }
            }
        }
        """);

    [Fact]
    public Task UnsafeBlock() => AnalyzerVerify.UnsafeAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double y = 0;
                {|GG0007:unsafe|}
                {
                    double* p = &x;
                    y = *p * *p;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task FixedStatement() => AnalyzerVerify.UnsafeAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static unsafe double Loss(double x, [NoDerivative] double[] data)
            {
                double y = 0;
                {|GG0007:fixed|} (double* p = data)
                {
                    y = p[0] * x;
                }

                return y;
            }
        }
        """);

    [Fact]
    public Task LocalFunctionCapturingAnActiveValueIsSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                double Scaled(double k) => k * x;
                return Scaled(2) + x;
            }
        }
        """);

    [Fact]
    public Task StaticLocalFunctionIsSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                return Square(x);

                static double Square(double v) => v * v;
            }
        }
        """);

    [Fact]
    public Task ThrowWithANonConstantArgument() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n, string message)
            {
                if (n < 0)
                {
                    {|GG0007:throw|} new ArgumentException(message);
                }

                return n * x;
            }
        }
        """);

    [Fact]
    public Task ThrowOfAnExistingException() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n, Exception error)
            {
                if (n < 0) {|GG0007:throw|} error;
                return n * x;
            }
        }
        """);

    [Fact]
    public Task ThrowWithConstantArgumentsIsFine() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, int n)
            {
                if (n < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(n), "n must not be negative");
                }

                return n * x;
            }
        }
        """);

    [Fact]
    public Task ForEachOverAList() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, List<double> xs)
            {
                double sum = 0;
                foreach (double v in xs)
                {
                    sum += v * w;
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task ForEachWithDeconstructionOverTupleDataIsSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, (double, double)[] pairs)
            {
                double sum = 0;
                foreach (var (a, b) in pairs)
                {
                    sum += a * b * w;
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task ForEachOverTuplesWithAnElementGradGenDoesNotComputeWith() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, (string Name, double Value)[] rows)
            {
                double sum = 0;
                foreach (var ({|GG0012:name|}, v) in rows)
                {
                    sum += v * w;
                }

                foreach (var (_, v) in rows)
                {
                    sum += v * w;
                }

                {|GG0007:foreach|} (var row in rows)
                {
                    sum += row.Value * w;
                }

                return sum;
            }
        }
        """);

    [Fact]
    public Task ExpressionStatementWhoseValueIsDiscarded() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                {|GG0007:Math.Sqrt(x)|};
                return x * x;
            }
        }
        """);

    [Fact]
    public Task EveryUnsupportedStatementIsReported() => Verify.AnalyzerAsync("""
        using System.IO;
        using GradGen;

        public static partial class Losses
        {
            private static readonly object Gate = new object();

            [Differentiable]
            public static double Loss(double x, int kind)
            {
                double y = x;
                {|GG0007:lock|} (Gate)
                {
                    y = y * 2;
                }

                switch (kind)
                {
                    case 0: y = y + 1; break;
                }

                for (int i = 0; i < kind; i++)
                {
                    {|GG0007:try|}
                    {
                        y = y * x;
                    }
                    catch (IOException)
                    {
                        y = 0;
                    }
                }

                return y;
            }
        }
        """);
}
