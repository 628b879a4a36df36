using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>
/// GG1008: a double, float, array or grid read from a field or property of <c>this</c>, from a static member, or from a
/// parameter of a type GradGen does not differentiate gets no derivative; the first read of each member in a method says so.
/// A const is folded (no read), a [NoDerivative] parameter and a read through Gradients.WithoutDerivative(...) are data on
/// purpose, and a member of a type GradGen does not compute with (an int count) is not a differentiable value.
/// </summary>
public class MemberHeldConstantTests
{
    [Fact]
    public Task FieldsPropertiesAndStaticsReadAsConstantsAreWarnedOnceEach() => Verify.AnalyzerAsync("""
        using GradGen;

        public readonly record struct Settings(double Rate, int Steps);

        public partial class Model
        {
            private const double Half = 0.5;
            private static readonly double[] Table = { 1.0, 2.0 };
            private static readonly double[,] Grid = { { 1.0 } };
            private readonly double[] _weights = { 0.5, 1.5 };
            private int _count = 2;
            public double Bias { get; set; }

            [Differentiable]
            public double Loss(double x, ref Settings settings, [NoDerivative] Settings fixedSettings, Settings model)
            {
                double s = Half * x + {|#0:Bias|};
                for (int i = 0; i < _count; i++) s += {|#1:_weights|}[i] * x + _weights[i] + {|#2:Table|}[i] + {|#3:Grid|}[0, 0];
                s += {|#4:settings.Rate|} * settings.Steps + fixedSettings.Rate + model.Rate * model.Steps;
                return s + Gradients.WithoutDerivative(Bias) * Bias;
            }
        }
        """,
        Verify.Diagnostic("GG1008").WithLocation(0).WithArguments("Bias", "a property of this instance",
            "Pass it as a parameter to differentiate with respect to it, or read it through Gradients.WithoutDerivative(...) to say it is data"),
        Verify.Diagnostic("GG1008").WithLocation(1).WithArguments("_weights", "a field of this instance",
            "Pass it as a parameter to differentiate with respect to it, or read it through Gradients.WithoutDerivative(...) to say it is data"),
        Verify.Diagnostic("GG1008").WithLocation(2).WithArguments("Table", "a static field",
            "Pass it as a parameter to differentiate with respect to it, make it const if it is a compile-time constant, or read it through Gradients.WithoutDerivative(...) to say it is data"),
        Verify.Diagnostic("GG1008").WithLocation(3).WithArguments("Grid", "a static field",
            "Pass it as a parameter to differentiate with respect to it, make it const if it is a compile-time constant, or read it through Gradients.WithoutDerivative(...) to say it is data"),
        Verify.Diagnostic("GG1008").WithLocation(4).WithArguments("settings.Rate", "a member of the parameter 'settings', whose type GradGen does not differentiate",
            "Pass the values as double, float or array parameters to differentiate with respect to them, or mark 'settings' [NoDerivative] to say it is data"));

    [Fact]
    public Task AReadThroughWithoutDerivativeOrOfAConstIsNotWarned() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Losses
        {
            private const double Scale = 2.0;
            private static readonly double Offset = 0.25;

            [Differentiable]
            public static double Loss(double x) => Scale * x + Gradients.WithoutDerivative(Offset) * x;
        }
        """);
}
