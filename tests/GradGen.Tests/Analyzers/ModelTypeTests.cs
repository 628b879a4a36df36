using GradGen.Tests.Infrastructure;

namespace GradGen.Tests.Analyzers;

/// <summary>Model-type parameters (CONTRACT "Model types"): GG0020 (a type GradGen cannot build a gradient of), GG0021 (a model
/// value used as a whole), GG0022 (a computed property of a model type); and the model types GradGen accepts.</summary>
public class ModelTypeTests
{
    [Fact]
    public Task StructsRecordsAndClassesOfDoublesFloatsAndArraysAreAccepted() => Verify.AnalyzerAsync("""
        using GradGen;

        public record struct Line(double W, double B);
        public record Affine(double Scale, double Shift);
        public struct Vec { public float X; public float Y; }
        public struct Outer { public Vec Inner; public double S; public int Count; public string Name; }
        public sealed class Net { public double[] W = new double[0]; public double B { get; init; } }
        public readonly struct Polar
        {
            public Polar(double radius, double angle) { Radius = radius; Angle = angle; }
            public double Radius { get; }
            public double Angle { get; }
        }

        public static partial class Losses
        {
            [Differentiable(Forward = true)]
            public static double All(Line l, Affine a, Outer o, Net n, Polar p, [NoDerivative] Net data) =>
                l.W * l.B + a.Scale + o.Inner.X * o.S * o.Count + o.Name.Length + n.W[0] * n.B + n.W.Length + p.Radius * p.Angle + data.B;
        }
        """);

    [Fact]
    public Task GG0020_AReadonlyMemberWithoutAMatchingConstructorIsReportedAtTheParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public sealed class Weights
        {
            public Weights(double scale) => Bias = scale;
            public readonly double Bias;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, {|#0:Weights w|}) => w.Bias * x;
        }
        """,
        Verify.Diagnostic("GG0020").WithLocation(0).WithArguments("w", "Weights",
            "GradGen builds a gradient with an object initializer of its double, float and array members, or with a constructor whose parameters match them one to one by name and type, and 'Weights' offers neither (it has no accessible parameterless constructor)"));

    [Fact]
    public Task GG0020_AJaggedArrayMemberAndAnInaccessibleMemberAreReportedAtTheParameter() => Verify.AnalyzerAsync("""
        using GradGen;

        public struct Grid { public double[][] Rows; }
        public class Hidden { private double _w; public double Read() => _w; }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, {|#0:Grid g|}) => g.Rows[0][0] * x;

            [Differentiable]
            public static double Other(double x, {|#1:Hidden h|}) => x;
        }
        """,
        Verify.Diagnostic("GG0020").WithLocation(0).WithArguments("g", "Grid",
            "its member 'Rows' is a 'double[][]'; a model type holds double, float, their one-dimensional arrays and nested such types"),
        Verify.Diagnostic("GG0020").WithLocation(1).WithArguments("h", "Hidden", "its member '_w' is not accessible here"));

    [Fact]
    public Task GG0021_AModelValueUsedWholeIsReportedAtTheUse() => Verify.AnalyzerAsync("""
        using GradGen;

        public struct Vec { public double X; public double Y; public double Norm2() => X * X + Y * Y; }
        public struct Body { public Vec Position; public double Mass; }

        public static partial class Losses
        {
            private static double Sum(Vec p) => p.X + p.Y;

            // Passed to a method of this project: differentiated through its memberwise pullback. Used whole otherwise: GG0021.
            [Differentiable]
            public static double Loss(Body b, Vec v) => Sum(b.Position) * b.Mass + {|#0:b.Position|}.Norm2() + {|#1:v|}.Norm2();
        }
        """,
        Verify.Diagnostic("GG0021").WithLocation(0).WithArguments("b.Position", "b.Position",
            "Read its double, float and array members (b.W, b.Weights[i]) and use those, or mark 'b' [NoDerivative] if it is data"),
        Verify.Diagnostic("GG0021").WithLocation(1).WithArguments("v", "v",
            "Read its double, float and array members (v.W, v.Weights[i]) and use those, or mark 'v' [NoDerivative] if it is data"));

    [Fact]
    public Task GG0022_AComputedPropertyIsReportedAtTheRead() => Verify.AnalyzerAsync("""
        using GradGen;

        public struct Vec
        {
            public double X;
            public double Y;
            public double Length => System.Math.Sqrt(X * X + Y * Y);
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(Vec v) => v.X + {|#0:v.Length|};
        }
        """,
        Verify.Diagnostic("GG0022").WithLocation(0).WithArguments("v.Length", "Vec"));

    [Fact]
    public Task ACallPassingAModelValueDifferentiatesAndAValueOfADerivedTypeIsReportedAtTheArgument() => Verify.AnalyzerAsync("""
        using GradGen;

        public record struct Line(double W, double B);
        public class Base { public double A; }
        public class Derived : Base { }

        public static partial class Losses
        {
            [Differentiable]
            public static double Predict(Line m, double x) => m.W * x + m.B;

            private static double Scale(Base b, double x) => b.A * x;

            [Differentiable]
            public static double Loss(double x, [NoDerivative] Line data, Line m, Derived d) =>
                Predict(data, x) + Predict(m, x) + Scale({|#0:d|}, x);
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("d",
            "pass a value of type 'Base' itself here (not of a derived type or through a conversion), so that its members' derivatives have a place to go"));

    [Fact]
    public Task GG0023_WithRespectToThisOnAStaticMethodOrATypeWithoutDataIsReportedAtTheAttribute() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial class Losses
        {
            public int Count;

            [{|#0:Differentiable(WithRespectToThis = true)|}]
            public static double Square(double x) => x * x;

            [{|#1:Differentiable(WithRespectToThis = true)|}]
            public double Scaled(double x) => Count * x;
        }
        """,
        Verify.Diagnostic("GG0023").WithLocation(0).WithArguments("Square", "it is static: there is no instance to differentiate with respect to"),
        Verify.Diagnostic("GG0023").WithLocation(1).WithArguments("Scaled", "its type 'Losses' holds no double or float data in fields or auto-properties"));

    [Fact]
    public Task WithRespectToThisReadsTheInstanceWithoutWarningsAndItsMethodsAreAnError() => Verify.AnalyzerAsync("""
        using GradGen;

        public partial record struct Line(double W, double B)
        {
            public double Predict(double x) => W * x + B;

            [Differentiable(WithRespectToThis = true)]
            public double Loss(double x, double y) => (W * x + this.B - y) * (W * x + B - y);

            [Differentiable(WithRespectToThis = true)]
            public double Other(double x) => {|#0:Predict(x)|};
        }
        """,
        Verify.Diagnostic("GG0021").WithLocation(0).WithArguments("Predict(x)", "this",
            "Read its double, float and array members (this.W, this.Weights[i]) and use those, or remove WithRespectToThis = true to hold the instance constant"));

    [Fact]
    public Task AWithRespectToThisMethodCalledOnAnInstanceHeldConstantIsGG0012WhereItsArgumentsVary() => Verify.AnalyzerAsync("""
        using System;
        using GradGen;

        public sealed partial class Net
        {
            public double[] V = { 0.3, -0.2 };
            public double S = 0.7;

            [Differentiable(WithRespectToThis = true)]
            public double Own(double x) => Math.Tanh(V[0] * x + V[1] * S) * S;

            [Differentiable]
            public double Held(double x) => {|#0:Own(x)|} * x + Own(2.0);
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(double x, [NoDerivative] Net net) => {|#1:net.Own(x)|} * x + net.Own(1.5) * x;
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("Own(x)", OwnHeld),
        Verify.Diagnostic("GG0012").WithLocation(1).WithArguments("net.Own(x)", OwnHeld));

    private const string OwnHeld = "'Own' is differentiated with respect to this (WithRespectToThis = true), and this method does not differentiate the instance it is called on, "
        + "so its derivative has no place to go; move the computation into a static method that takes the instance as a parameter (mark it [NoDerivative] here to hold the instance constant), "
        + "or call a method of the instance that is not WithRespectToThis";

    [Fact]
    public Task ConstructionAndWithInsideTheMethodAreErrorsAtTheConstruct() => Verify.AnalyzerAsync("""
        using GradGen;

        public record struct Line(double W, double B);

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(Line m, double x) => ({|#0:m with { W = x }|}).W + {|#1:new Line(x, m.B)|}.B;
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("m with { W = x }",
            "with expressions create a value GradGen does not differentiate; compute with the members instead (m.W + 1 rather than (m with { W = m.W + 1 }).W)"),
        Verify.Diagnostic("GG0012").WithLocation(1).WithArguments("new Line(x, m.B)", "objects cannot be created in a differentiable method; pass them in as parameters"));

    [Fact]
    public Task ModelLocalsThatCannotBeHeldAsTheirMembersAreErrorsAtTheConstruct() => Verify.AnalyzerAsync("""
        using GradGen;

        public sealed class Layer { public double[] W = new double[2]; public double B; }
        public struct Clamped { public Clamped(double x) { X = System.Math.Max(0, x) + 1; } public double X; }
        public record struct Line(double W, double B);
        public sealed class Box { public double Lo; public double Hi; }
        public sealed class Part { public double A; }
        public struct Holder { public Part Inner; public double B; }

        public static partial class Losses
        {
            private static double Norm(Line l) => l.W * l.W + l.B * l.B;

            private static double Width(Box b) => b.Hi - b.Lo;

            private static double Sum(Holder h) => h.Inner.A + h.B;

            [Differentiable]
            public static double Loss(Line m, double x, bool on)
            {
                var {|#0:layer = new Layer()|};
                var c = {|#1:new Clamped(x)|};
                var l = new Line(x, m.B);
                double s = Norm(l) + l.W + Norm(m) + Norm(new Line(x, 2)) + Norm(m with { B = x });
                s += on ? Norm({|#2:new Line(x, 1)|}) : 0;
                s += Norm(new Line({|#3:x = 2|}, 1));
                s += Sum({|#5:new Holder { Inner = new Part { A = x }, B = 1 }|});
                return s + Width({|#4:new Box { Lo = x, Hi = 1 }|});
            }
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("layer = new Layer()",
            "a local of type 'Layer' is held as its members, and its member 'W' is a 'double[]', not a double or float; read the members you need into double or float locals instead"),
        Verify.Diagnostic("GG0012").WithLocation(1).WithArguments("new Clamped(x)",
            "GradGen cannot see what this constructor does with its arguments; use a record's primary constructor, a constructor whose body only assigns its parameters to members (X = x;), or an object initializer"),
        Verify.Diagnostic("GG0012").WithLocation(2).WithArguments("new Line(x, 1)",
            "a model value built here is evaluated only sometimes or where no statement can go first; build it into a local first"),
        Verify.Diagnostic("GG0012").WithLocation(3).WithArguments("x = 2",
            "an assignment inside a model value passed to a call is not supported; write it as its own statement, or build the value into a local first"),
        Verify.Diagnostic("GG0012").WithLocation(4).WithArguments("new Box { Lo = x, Hi = 1 }",
            "a value of the class 'Box' that exists only as its members would be allocated again to pass it, and a pullback allocates nothing; pass a parameter of the type, or its members as double or float arguments, or make 'Box' a struct or record struct"),
        Verify.Diagnostic("GG0012").WithLocation(5).WithArguments("new Holder { Inner = new Part { A = x }, B = 1 }",
            "a value of 'Holder' that exists only as its members holds a class, which would be allocated again to pass it, and a pullback allocates nothing; pass a parameter of the type, or its members as double or float arguments, or make the class a struct or record struct"));

    [Fact]
    public Task OperatorsGradGenCannotWriteWhereTheyAreUsedAreErrorsAtTheUse() => Verify.AnalyzerAsync("""
        using GradGen;

        public readonly record struct V(double X, double Y)
        {
            public static V operator +(V a, V b) => new(a.X + b.X, a.Y + b.Y);

            [Differentiable]
            public static double operator *(V a, V b)
            {
                double s = a.X * b.X;
                return s + a.Y * b.Y;
            }

            [Differentiable]
            public static double operator /(V a, V b) => a.X / b.X;
        }

        public static partial class Losses
        {
            [Differentiable]
            public static double Loss(V p, V q, bool on) => ({|#0:p + q|}).X + {|#1:p * q|} + (on ? {|#2:p / q|} : 0);
        }
        """,
        Verify.Diagnostic("GG0012").WithLocation(0).WithArguments("p + q",
            "'V.operator +(V, V)' is a user-defined operator; mark it [Differentiable] (its body one expression) and GradGen writes it where it is used"),
        Verify.Diagnostic("GG0012").WithLocation(1).WithArguments("p * q",
            "GradGen writes a [Differentiable] operator where it is used, from its source, so 'V.operator *(V, V)' must be defined in this project with one expression as its body (=> ... or a single return)"),
        Verify.Diagnostic("GG0012").WithLocation(2).WithArguments("p / q",
            "a [Differentiable] operator is written where it is used, before the statement, and this one is evaluated only sometimes (inside ?:, && or ||); assign it to a local in an if statement instead"));
}
