using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>GG0009: writes outside the method's own locals, reported on the assignment's target (or on the
/// ref/out argument).</summary>
public class WriteTests
{
    [Fact]
    public Task InstanceField() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            private double _lastLoss;

            [Differentiable]
            public double Loss(double w)
            {
                {|GG0009:_lastLoss|} = (w - 3) * (w - 3);
                return {|GG1008:_lastLoss|};
            }
        }
        """);

    [Fact]
    public Task InstanceFieldThroughThis() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            private double _calls;

            [Differentiable]
            public double Loss(double w)
            {
                {|GG0009:this._calls|} += 1;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task Property() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            public double Last { get; set; }

            [Differentiable]
            public double Loss(double w)
            {
                double loss = w * w;
                {|GG0009:Last|} = loss;
                return loss;
            }
        }
        """);

    [Fact]
    public Task StaticField() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static int s_calls;

            [Differentiable]
            public static double Loss(double w)
            {
                {|GG0009:s_calls|}++;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task StaticPropertyOfAnotherType() => Verify.AnalyzerAsync("""
        using GradGen;

        public static class Stats
        {
            public static double Last { get; set; }
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w)
            {
                {|GG0009:Stats.Last|} = w;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task RefParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, ref int calls)
            {
                {|GG0009:calls|} = calls + 1;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task OutParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, out int steps)
            {
                {|GG0009:steps|} = 3;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task RefParameterMarkedNoDerivative() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, [NoDerivative] ref double scratch)
            {
                {|GG0009:scratch|} = w;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task ElementOfAnArrayParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double[] w)
            {
                {|GG0009:w[0]|} = 0;
                return w[0] * w[1];
            }
        }
        """);

    [Fact]
    public Task ElementOfANoDerivativeSpanParameter() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, [NoDerivative] Span<double> buffer)
            {
                {|GG0009:buffer[0]|} = w;
                return w * buffer[1];
            }
        }
        """);

    [Fact]
    public Task ElementOfAFieldArray() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Model
        {
            private readonly double[] _weights = new double[3];

            [Differentiable]
            public double Loss(double w)
            {
                {|GG0009:_weights[0]|} = w;
                return w * {|GG1008:_weights|}[1];
            }
        }
        """);

    [Fact]
    public Task RefAndOutArguments() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private static void Split(double v, out double half) => half = v / 2;

            private static void Bump(ref int n) => n++;

            [Differentiable]
            public static double Loss(double w)
            {
                double h;
                int n = 0;
                Split(w, {|GG0009:out h|});
                Bump({|GG0009:ref n|});
                return w * w;
            }
        }
        """);
}
