using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Vector-valued methods (a tuple of reals as the result): what is accepted, GG0017 on the element (or the type) that
/// is not, GG0018 on the element whose seed takes a parameter's name, and what a caller or a return may not do.</summary>
public class VectorResultTests
{
    [Fact]
    public Task TuplesOfDoublesOrOfFloatsAreVectorValued() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static (double, double) Both(double x) => (x, x * x);

            [Differentiable(Forward = true)]
            public static (float U, float V) Project(float x, float y, float z)
            {
                var t = (u: x / z, v: y / z);
                if ({|GG1002:z < 0|}) return (-t.u, -t.v);
                return (t.u, t.v);
            }

            [Differentiable]
            public static (double Sin, double Cos) Trig(double x) => Math.SinCos(x);

            [Differentiable]
            public static (double A, double B) Ints(double x) => (1, x);
        }
        """);

    [Fact]
    public Task GG0017_MixedFloatAndDoubleElements() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static (double A, {|GG0017:float B|}) Mixed(double x) => (x, (float)x);
        }
        """);

    [Fact]
    public Task GG0017_AnElementThatIsNotReal() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static (double, {|GG0017:int|}) WithCount(double x) => (x, 2);

            [Differentiable]
            public static (double, {|GG0017:(double, double)|}) Nested(double x) => (x, (x, x));
        }
        """);

    [Fact]
    public Task GG0017_MoreThanSevenElements() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static {|GG0017:(double, double, double, double, double, double, double, double)|} Eight(double x) => (x, x, x, x, x, x, x, x);
        }
        """);

    [Fact]
    public Task GG0018_SeedNameTakenByAParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static ({|GG0018:double U|}, double V) Project(double x, double seedU) => (x * seedU, x);
        }
        """);

    [Fact]
    public Task GG0002_ByReferenceTupleReturn() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Geometry
        {
            private (double, double) _pair;

            [Differentiable]
            public {|GG0002:ref (double, double)|} Pair(double x) => ref _pair;
        }
        """);

    [Fact]
    public Task CallingAVectorValuedMethodIsNotSupported() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static (double U, double V) Project(double x, double y) => (x * y, x + y);

            [Differentiable]
            public static double Loss(double x, double y)
            {
                {|GG0012:var (u, v) = Project(x, y)|};
                return u * u + v * v;
            }
        }
        """);

    [Fact]
    public Task ConditionalTupleReturnIsReportedOnTheValue() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static (double U, double V) Pick(double x, bool flip) => {|GG0012:flip ? (x, 1.0) : (1.0, x)|};
        }
        """);

    [Fact]
    public Task GG0011_AMemberNamedLikeTheJacobian() => Verify.AnalyzerAsync("""
        using GradGen;

        public static partial class Geometry
        {
            [Differentiable]
            public static (double U, double V) {|GG0011:Project|}(double x, double y) => (x * y, x + y);

            public static double[,] ProjectJacobian(double x, double y) => new double[2, 2];

            // Not generated for a vector-valued method: no collision.
            public static double ProjectGradient(double x, double y) => 0;
        }
        """);

    [Fact]
    public Task GG0017_AModelTypeInputOfAVectorValuedMethodIsAnErrorAtTheParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public readonly record struct Line(double W, double B);

        public static partial class Fit
        {
            [Differentiable]
            public static (double U, double V) Both(Line {|#0:m|}, double x) => (m.W * x + m.B, m.W * m.B);

            [Differentiable]
            public static (double U, double V) Data([NoDerivative] Line m, double x) => (m.W * x, x * x);
        }
        """,
        Verify.Diagnostic("GG0017").WithLocation(0).WithArguments("Both", "(double U, double V)",
            "its parameter 'm' is a model type, and a Jacobian's columns are double, float and array inputs only; pass the model's members as such parameters (or mark it [NoDerivative])"));
}
