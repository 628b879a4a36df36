using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Errors on the declaration of the method: GG0002 (return type), GG0003 (no body), GG0004 (async,
/// iterator), GG0005 (ref/out differentiable parameter), GG0013 and GG0028 (generic methods GradGen does not differentiate).</summary>
public class SignatureTests
{
    // ------------------------------------------------------------------ GG0002

    [Fact]
    public Task GG0002_ArrayReturnTypeIsReportedOnTheType() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0002:double[]|} Residuals(double w, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
            {
                double[] r = new double[xs.Length];
                for (int i = 0; i < xs.Length; i++)
                {
                    r[i] = ys[i] - w * xs[i];
                }

                return r;
            }
        }
        """);

    [Fact]
    public Task GG0002_IntReturnType() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0002:int|} Count(double x, int n) => n;
        }
        """);

    [Fact]
    public Task GG0002_VoidReturnType() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0002:void|} Nothing(double x)
            {
            }
        }
        """);

    [Fact]
    public Task GG0002_ByReferenceReturnIsReportedOnRefAndType() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0002:ref double|} First(double[] xs) => ref xs[0];
        }
        """);

    [Fact]
    public Task GG0002_FloatReturnTypeIsFine() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static float Square(float x) => x * x;
        }
        """);

    // ------------------------------------------------------------------ GG0003

    [Fact]
    public Task GG0003_AbstractMethod() => Verify.AnalyzerAsync("""
        using GradGen;

        public abstract partial class Model
        {
            [Differentiable]
            public abstract double {|GG0003:Loss|}(double w);
        }
        """);

    [Fact]
    public Task GG0003_InterfaceMethodWithoutBody() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial interface IModel
        {
            [Differentiable]
            double {|GG0003:Loss|}(double w);
        }
        """);

    [Fact]
    public Task GG0003_ExternMethod() => Verify.AnalyzerAsync("""
        using System.Runtime.InteropServices;
        using GradGen;

        public static partial class Native
        {
            [Differentiable]
            [DllImport("libm")]
            public static extern double {|GG0003:exp|}(double x);
        }
        """);

    [Fact]
    public Task GG0003_PartialDeclarationWithoutImplementation() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static partial double {|GG0003:{|CS8795:Loss|}|}(double w);
        }
        """);

    // ------------------------------------------------------------------ GG0004

    [Fact]
    public Task GG0004_AsyncIsReportedOnTheModifier() => Verify.AnalyzerAsync("""
        using System.Threading.Tasks;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0004:async|} {|GG0002:Task<double>|} SquareAsync(double x)
            {
                {|GG0007:await Task.Yield()|};
                return x * x;
            }
        }
        """);

    [Fact]
    public Task GG0004_AwaitInsideAnExpressionIsGG0012() => Verify.AnalyzerAsync("""
        using System.Threading.Tasks;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0004:async|} {|GG0002:Task<double>|} SquareAsync(double x)
            {
                double y = {|GG0012:await Task.FromResult(x)|};
                return y * y;
            }
        }
        """);

    [Fact]
    public Task GG0004_EveryYieldOfAnIteratorIsReportedOnTheKeyword() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0002:IEnumerable<double>|} Powers(double x, int n)
            {
                if (n < 0)
                {
                    {|GG0004:yield|} break;
                }

                {|GG0004:yield|} return x;
                {|GG0004:yield|} return x * x;
            }
        }
        """);

    // ------------------------------------------------------------------ GG0005

    [Fact]
    public Task GG0005_RefParameterIsReportedOnTheWholeParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(double w, {|GG0005:ref double x|}) => w * x;
        }
        """);

    [Fact]
    public Task GG0005_OutParameterIsReportedAndItsAssignmentIsGG0009() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Split(double w, {|GG0005:out double half|})
            {
                {|GG0009:half|} = w / 2;
                return w * w;
            }
        }
        """);

    [Fact]
    public Task GG0005_RefArrayParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Sum(double w, {|GG0005:ref double[] xs|}) => w * xs[0];
        }
        """);

    [Fact]
    public Task GG0005_NotReportedForInParametersNoDerivativeOrNonDifferentiableTypes() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scale(in double w, [NoDerivative] ref double x, ref int n) => w * x * n;
        }
        """);

    // ------------------------------------------------------------------ GG0013, GG0028

    [Fact]
    public Task GenericMethodOverADataTypeParameterIsDifferentiated() => Verify.AnalyzerAsync("""
        using GradGen;

        public interface IPrior
        {
            double Scale { get; }
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Penalty<TPrior>(double w, TPrior prior)
                where TPrior : IPrior
                => {|GG1008:prior.Scale|} * w * w;
        }
        """);

    [Fact]
    public Task GG0028_UnconstrainedTypeParameterOfTheResultIsOneError() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static T Identity<{|GG0028:T|}>(T x) => x;
        }
        """);

    [Fact]
    public Task GG0028_NumberButNotFloatingPointIsOneErrorWithoutACascade() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled<{|GG0028:T|}>(double w, T x, T y) where T : INumber<T>
                => w * double.CreateChecked(x * y + T.One);
        }
        """);

    [Fact]
    public Task GG0028_DataOfANonFloatingTypeParameterIsFineWhenMarked() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double Scaled<T>(double w, [NoDerivative] T[] counts) where T : INumber<T>
                => w * w * counts.Length;
        }
        """);

    [Fact]
    public Task GG0013_TwoFloatingPointTypeParameters() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static T Mixed{|GG0013:<T, U>|}(T x, U y)
                where T : IFloatingPointIeee754<T>
                where U : IFloatingPointIeee754<U>
                => x * T.CreateChecked(y);
        }
        """);

    [Fact]
    public Task GG0013_VectorValuedGenericMethod() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static {|GG0013:(T U, T V)|} Polar<T>(T r, T theta) where T : IFloatingPointIeee754<T>
                => (r * T.Cos(theta), r * T.Sin(theta));
        }
        """);

    [Fact]
    public Task GG0013_FloatingPointTypeParameterOfTheContainingType() => Verify.AnalyzerAsync("""
        using System.Numerics;
        using GradGen;

        public partial class Layer<T> where T : IFloatingPointIeee754<T>
        {
            [Differentiable]
            public static T {|GG0013:Activate|}(T x) => T.Tanh(x);
        }
        """);

    [Fact]
    public Task GG1005_SaysWhatTheParametersAre() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using GradGen;

        public static partial class Losses
        {
            [Differentiable]
            public static double {|#0:Total|}(List<double> values, [NoDerivative] double scale) => values.Count * scale;
        }
        """,
        Verify.Diagnostic("GG1005").WithLocation(0).WithArguments("Total",
            "'values' is 'List<double>', 'scale' is [NoDerivative]; GradGen differentiates double, float, their arrays (one-dimensional, jagged, two-dimensional) and spans, not marked [NoDerivative]"));
}
