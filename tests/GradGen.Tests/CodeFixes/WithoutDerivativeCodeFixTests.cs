using GradGen.CodeFixes;
using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.CodeFixes;

/// <summary>GG0006, GG0008, GG1001: "Hold the result/value constant with Gradients.WithoutDerivative(...)"
/// wraps exactly the flagged expression in the stop-gradient marker.</summary>
public class WithoutDerivativeCodeFixTests
{
    [Fact]
    public Task GG0006_WrapsTheCallWithTheShortNameWithAUsing() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w) => {|GG0006:Math.IEEERemainder(w, 3)|} + w * w;
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w) => Gradients.WithoutDerivative(Math.IEEERemainder(w, 3)) + w * w;
        }
        """);

    [Fact]
    public Task GG0006_WrapsTheCallWithTheQualifiedNameWithoutAUsing() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;

        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Loss(double w) => {|GG0006:Math.IEEERemainder(w, 3)|} + w * w;
        }
        """, """
        using System;

        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Loss(double w) => GradGen.Gradients.WithoutDerivative(Math.IEEERemainder(w, 3)) + w * w;
        }
        """);

    [Fact]
    public Task GG0006_InsideANamespaceThatImportsGradGen() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        namespace Samples
        {
            using GradGen;

            public static partial class Losses
            {
                [Differentiable]
                public static double Loss(double w)
                {
                    double u = {|GG0006:System.Math.BitIncrement(w * 2)|};
                    return u + w;
                }
            }
        }
        """, """
        namespace Samples
        {
            using GradGen;

            public static partial class Losses
            {
                [Differentiable]
                public static double Loss(double w)
                {
                    double u = Gradients.WithoutDerivative(System.Math.BitIncrement(w * 2));
                    return u + w;
                }
            }
        }
        """);

    [Fact]
    public Task GG0006_KeepsTheCallExactlyAsWritten() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;
        using GradGen;

        public partial class Model
        {
            protected virtual double Transform(double v) => 2 * v;

            [Differentiable]
            public double Loss(double w) =>
                {|GG0006:this.Transform(w)|} + {|GG0006:System.Math.BitIncrement(w)|};
        }
        """, """
        using System;
        using GradGen;

        public partial class Model
        {
            protected virtual double Transform(double v) => 2 * v;

            [Differentiable]
            public double Loss(double w) =>
                Gradients.WithoutDerivative(this.Transform(w)) + Gradients.WithoutDerivative(System.Math.BitIncrement(w));
        }
        """);

    [Fact]
    public Task GG0006_FixAllWrapsEveryCallInTheDocument() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double A(double w) => {|GG0006:Math.IEEERemainder(w, 3)|} * w;

            [Differentiable]
            public static double B(double w, double b) => {|GG0006:Math.IEEERemainder(w + b, 3)|} + {|GG0006:Math.BitIncrement(b)|};
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double A(double w) => Gradients.WithoutDerivative(Math.IEEERemainder(w, 3)) * w;

            [Differentiable]
            public static double B(double w, double b) => Gradients.WithoutDerivative(Math.IEEERemainder(w + b, 3)) + Gradients.WithoutDerivative(Math.BitIncrement(b));
        }
        """);

    [Fact]
    public Task GG0008_WrapsTheCast() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Lookup(double x, [NoDerivative] double[] table)
            {
                int i = {|GG1001:(int)(x * 10)|};
                return table[i] * x;
            }
        }
        """, """
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Lookup(double x, [NoDerivative] double[] table)
            {
                int i = Gradients.WithoutDerivative((int)(x * 10));
                return table[i] * x;
            }
        }
        """);

    [Fact]
    public Task GG0008_WrapsABitReinterpretationWithoutAUsing() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;

        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Loss(double x)
            {
                long bits = {|GG0008:BitConverter.DoubleToInt64Bits(x)|};
                return (bits & 1) * x;
            }
        }
        """, """
        using System;

        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Loss(double x)
            {
                long bits = GradGen.Gradients.WithoutDerivative(BitConverter.DoubleToInt64Bits(x));
                return (bits & 1) * x;
            }
        }
        """);

    [Fact]
    public Task GG0008_FixAll() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                int n = {|GG0008:Convert.ToInt32(x)|};
                long m = {|GG1001:(long)x|};
                return n * m * x;
            }
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x)
            {
                int n = Gradients.WithoutDerivative(Convert.ToInt32(x));
                long m = Gradients.WithoutDerivative((long)x);
                return n * m * x;
            }
        }
        """);

    [Fact]
    public Task GG1001_WrapsTheStepFunction() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Staircase(double x) =>
                {|GG1001:Math.Floor(x)|} + 0.1 * x;
        }
        """, """
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Staircase(double x) =>
                Gradients.WithoutDerivative(Math.Floor(x)) + 0.1 * x;
        }
        """);

    [Fact]
    public Task GG1001_FixAllWithoutAUsing() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using System;

        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Steps(double x) =>
                {|GG1001:Math.Round(x)|} * x + {|GG1001:Math.Sign(x)|};
        }
        """, """
        using System;

        public static partial class Losses
        {
            [GradGen.Differentiable]
            public static double Steps(double x) =>
                GradGen.Gradients.WithoutDerivative(Math.Round(x)) * x + GradGen.Gradients.WithoutDerivative(Math.Sign(x));
        }
        """);

    [Fact]
    public Task GG1008_WrapsTheMemberRead() => Verify.CodeFixAsync<WithoutDerivativeCodeFix>("""
        using GradGen;

        public partial class Model
        {
            private readonly double _scale = 2.0;

            [Differentiable]
            public double Loss(double w) => {|GG1008:_scale|} * w * w;
        }
        """, """
        using GradGen;

        public partial class Model
        {
            private readonly double _scale = 2.0;

            [Differentiable]
            public double Loss(double w) => Gradients.WithoutDerivative(_scale) * w * w;
        }
        """);
}
