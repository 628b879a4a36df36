using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>All problems of a method are reported at once, each on its own construct, not only the first.</summary>
public class ReportingTests
{
    [Fact]
    public Task SignatureAndBodyErrorsTogether() => Verify.AnalyzerAsync("""
        using System.IO;
        using GradGen;

        public partial class Model
        {
            private double _last;

            [Differentiable]
            public {|GG0002:double[]|} Loss<T>(double w, T tag, {|GG0005:ref double b|}, [{|GG1004:NoDerivative|}] int n)
            {
                {|GG0009:_last|} = w;
                {|GG0007:try|}
                {
                    w = w * 2;
                }
                catch (IOException)
                {
                }

                {|GG0007:lock|} (this)
                {
                }

                double[] r = new double[1];
                {|GG0009:b|} = n switch { 0 => w, _ => b };
                return r;
            }
        }
        """);

    [Fact]
    public Task ActivityDependentErrorsAreReportedAlongsideOtherErrors() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double w, int kind)
            {
                switch (kind)
                {
                    case 0: return w;
                }

                int bucket = {|GG1001:(int)(w * 10)|};
                return {|GG0006:Math.IEEERemainder(w, 3)|} + bucket;
            }
        }
        """);

    [Fact]
    public Task ActivityDependentErrorsAreReportedWhenTheTypeIsNotPartial() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static class {|GG0001:Losses|}
        {
            [Differentiable]
            public static double Loss(double w) => {|GG0006:Math.IEEERemainder(w, 3)|} + w * w;
        }
        """);

    [Fact]
    public Task EveryMethodReportsItsOwnProblems() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double A(double w) => {|GG0006:Math.IEEERemainder(w, 3)|} * {|GG1001:Math.Floor(w)|};

            [Differentiable]
            public static double B(double w)
            {
                double[] t = new double[2];
                double[] u = new double[2];
                {|GG0014:t|} = u;
                u[0] = w;
                return w * t[0];
            }

            [Differentiable]
            public static double C(double w) => {|GG1002:w > 1|} ? w : {|GG1001:(long)w|};
        }
        """);

    [Fact]
    public Task ProblemsInsideAnUnsupportedStatementAreReportedToo() => Verify.AnalyzerAsync("""
        using System.IO;
        using GradGen;

        public partial class Model
        {
            private double _last;

            [Differentiable]
            public double Loss(double w)
            {
                {|GG0007:try|}
                {
                    {|GG0009:_last|} = w;
                }
                catch (IOException)
                {
                }

                return w * w;
            }
        }
        """);
}
