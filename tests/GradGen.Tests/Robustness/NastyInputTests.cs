using System.Text;

namespace GradGen.Tests.Robustness;

/// <summary>
/// Hand-written inputs at the edges of what the generator and the analyzer see: [Differentiable] where
/// it does not belong, half-typed declarations, a user-defined attribute of another shape, extreme
/// sizes and depths. None may make GradGen throw (see <see cref="RobustnessCheck"/>).
/// </summary>
public class NastyInputTests
{
    private const string Header = "using System;\nusing GradGen;\n\n";

    /// <summary>Inputs deep enough to threaten the stack: each runs in a child process
    /// (<see cref="IsolatedRun"/>), so that a stack overflow fails its own test instead of aborting the run.</summary>
    private static readonly HashSet<string> Deep = new(StringComparer.Ordinal)
    {
        "2,000 nested parentheses",
        "400 nested parentheses",
        "1,000-term flat sum",
        "10,000-term flat sum",
        "loops nested 50 deep",
        "ifs nested 200 deep",
        "a chain of 1,000 [Differentiable] methods, each calling the previous",
    };

    public static TheoryData<string> Cases => new(NastyInputs.Keys);

    internal static string Source(string name) => NastyInputs[name]();

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradGenDoesNotThrow(string name)
    {
        // On a thread with a host-sized stack (1 MB): deep inputs must be handled by GradGen (a
        // diagnostic, or nothing), not by a stack that happens to be larger in the test runner.
        if (Deep.Contains(name))
        {
            // The child prints where it wrote the source.
            string? failures = IsolatedRun.RunInChildProcess(name);
            Assert.True(failures is null, $"'{name}' made GradGen fail:\n\n{failures}");
        }
        else
        {
            string source = Source(name);
            string? failures = IsolatedRun.RunOnHostStack(source);
            Assert.True(failures is null, $"'{name}' made GradGen fail:\n\n{failures}\n\nSource (first 3000 chars):\n{Clip(source, 3000)}");
        }
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s.Substring(0, max) + "\n...";

    private static string FlatSum(int terms) =>
        Header + "public static partial class C\n{\n    [Differentiable]\n    public static double F(double x) =>\n        "
        + string.Join(" + ", Enumerable.Range(0, terms).Select(i => $"{i + 1}.0 * x * x")) + ";\n}\n";

    private static string NestedParentheses(int depth)
    {
        var sb = new StringBuilder(Header + $"// {depth} nested parentheses\npublic static partial class C\n{{\n    [Differentiable]\n    public static double F(double x) => ");
        for (int i = 0; i < depth; i++) sb.Append("(x + ");
        sb.Append('x');
        sb.Append(')', depth);
        sb.Append(";\n}\n");
        return sb.ToString();
    }

    private static readonly Dictionary<string, Func<string>> NastyInputs = new()
    {
        ["method without a body"] = () => Header + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x)
            }
            """,
        ["method with a semicolon body"] = () => Header + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x);
            }
            """,
        ["abstract, extern and partial without implementation"] = () => Header + """
            public abstract partial class C
            {
                [Differentiable] public abstract double A(double x);
                [Differentiable] public static extern double E(double x);
                [Differentiable] public partial double P(double x);
                [Differentiable] public static partial double Q(double x);
            }
            """,
        ["partial method declared and implemented, attribute on both parts"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static partial double F(double x);
                [Differentiable] public static partial double F(double x) => x * x;
            }
            """,
        ["partial method implemented twice"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static partial double F(double x);
                public static partial double F(double x) => x * x;
                public static partial double F(double x) => x * x * x;
            }
            """,
        ["half-typed declaration"] = () => Header + """
            public static partial class C
            {
                [Differentiable] double F(
            """,
        ["half-typed declaration, parameter list open"] = () => Header + """
            public static partial class C
            {
                [Differentiable] double F(double x, double
            """,
        ["half-typed body"] = () => Header + """
            public static partial class C
            {
                [Differentiable] static double F(double x) { return x *
            """,
        ["half-typed return (a return without its value, CS0126)"] = () => Header + """
            public static partial class C
            {
                [Differentiable]
                public static double F(double x)
                {
                    if (x > 0) return;
                    return x;
                }

                [Differentiable]
                public static double G(double x)
                {
                    for (int i = 0; i < 3; i++) { x = x * x; return; }
                    return x;
                }
            }
            """,
        ["only the attribute"] = () => Header + "[Differentiable]",
        ["attribute at the end of a type"] = () => Header + "public static partial class C { [Differentiable] }",
        ["method at namespace level"] = () => Header + "namespace N;\n[Differentiable] static double F(double x) => x * x;\n",
        ["top-level statements with a local function"] = () => Header + """
            Console.WriteLine(F(2));
            [Differentiable] static double F(double x) => x * x;
            """,
        ["local function"] = () => Header + """
            public static partial class C
            {
                public static double Outer(double y)
                {
                    [Differentiable] static double Local(double x) => x * x;
                    [Differentiable] double Capturing(double x) => x * y;
                    return Local(y) + Capturing(y);
                }
            }
            """,
        ["property getter and setter"] = () => Header + """
            public partial class C
            {
                private double _x;
                public double P { [Differentiable] get => _x * _x; [Differentiable] set => _x = value; }
                public double this[double i] { [Differentiable] get => i * i; }
                public event Action E { [Differentiable] add { } [Differentiable] remove { } }
            }
            """,
        ["constructor, destructor, operator, conversion"] = () => Header + """
            public partial struct S
            {
                private double _v;
                [Differentiable] public S(double v) { _v = v * v; }
                [Differentiable] public static double operator +(S a, double b) => a._v * b;
                [Differentiable] public static explicit operator double(S a) => a._v * a._v;
            }
            public partial class D
            {
                [Differentiable] ~D() { }
            }
            """,
        ["interface default, static abstract and static virtual methods"] = () => Header + """
            public partial interface I
            {
                [Differentiable] double F(double x) => x * x;
                [Differentiable] static double G(double x) => x * x;
                [Differentiable] static abstract double H(double x);
                [Differentiable] static virtual double K(double x) => x * x;
                [Differentiable] double Abstract(double x);
            }
            public partial class Impl : I
            {
                public static double H(double x) => x;
                public double Abstract(double x) => x;
            }
            """,
        ["record struct, record class, ref struct, readonly struct"] = () => Header + """
            public partial record struct R(double A)
            {
                [Differentiable] public double F(double x) => A * x * x;
            }
            public partial record RC(double A)
            {
                [Differentiable] public double F(double x) => A * x * x;
            }
            public ref partial struct RS
            {
                [Differentiable] public double F(double x) => x * x;
            }
            public readonly partial struct RO
            {
                [Differentiable] public double F(double x) => x * x;
            }
            """,
        ["duplicate attribute"] = () => Header + """
            public static partial class C
            {
                [Differentiable, Differentiable] public static double F(double x) => x * x;
                [Differentiable][Differentiable] public static double G(double x) => x * x;
                [Differentiable][GradGen.Differentiable][global::GradGen.DifferentiableAttribute] public static double H(double x) => x * x;
            }
            """,
        ["attribute with arguments and on the return value"] = () => Header + """
            public static partial class C
            {
                [Differentiable(1, "x", Foo = 2)] public static double F(double x) => x * x;
                [return: Differentiable] public static double G(double x) => x * x;
                [method: Differentiable] public static double H([Differentiable] double x) => x * x;
            }
            """,
        ["user-defined attribute in namespace GradGen with another shape"] = () => """
            using System;
            using GradGen;

            namespace GradGen
            {
                [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
                public sealed class DifferentiableAttribute : Attribute
                {
                    public DifferentiableAttribute(int order, params string[] wrt) { }
                    public double Scale { get; set; }
                }

                public sealed class NoDerivativeAttribute : Attribute
                {
                    public NoDerivativeAttribute(Type t) { }
                }

                public static class Gradients
                {
                    public static int WithoutDerivative(string s) => 0;
                }
            }

            public static partial class C
            {
                [Differentiable(2, "x", "y", Scale = 1e400)] public static double F(double x, [NoDerivative(typeof(int))] double y) => x * y;
                [Differentiable(1)][Differentiable(2)] public static double G(double x) => Gradients.WithoutDerivative("x") + x;
                [Differentiable] public static double H(double x) => x;
            }
            """,
        ["user-defined DifferentiableAttribute that is not an attribute"] = () => """
            namespace GradGen
            {
                public struct DifferentiableAttribute { }
                public delegate void NoDerivativeAttribute();
            }

            public static partial class C
            {
                [GradGen.Differentiable] public static double F(double x) => x * x;
            }
            """,
        ["generic user-defined DifferentiableAttribute"] = () => """
            namespace GradGen
            {
                public sealed class DifferentiableAttribute<T> : System.Attribute { }
            }

            public static partial class C
            {
                [GradGen.Differentiable<int>] public static double F(double x) => x * x;
                [GradGen.Differentiable] public static double G(double x) => x * x;
            }
            """,
        ["parameters and return of error types"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static double F(Foo x, Bar<int> y, double z, [NoDerivative] Baz w) => z * z + x + y.Q + w;
                [Differentiable] public static Missing G(double x) => x;
                [Differentiable] public static double H(double x, __arglist) => x;
                [Differentiable] public static double K(params Missing[] xs) => xs[0];
                [Differentiable] public static double L(double x = Undefined.Value, double y = 1e400, float z = double.NaN) => x * y * z;
                [Differentiable] public static var M(dynamic x) => x;
            }
            """,
        ["unsafe pointers, function pointers, stackalloc"] = () => Header + """
            public static unsafe partial class C
            {
                [Differentiable] public static double F(double* p, double x) => *p * x;
                [Differentiable] public static double G(delegate*<double, double> f, double x) => f(x);
                [Differentiable] public static double H(double x) { Span<double> s = stackalloc double[] { x, x }; double* q = stackalloc double[2]; q[0] = x; return s[0] * q[0]; }
                [Differentiable] public static double K(double x) { fixed (double* p = new double[1]) { p[0] = x; return p[0] * x; } }
            }
            """,
        ["ref, out, in, ref readonly, scoped parameters and ref returns"] = () => Header + """
            public static partial class C
            {
                private static double _f;
                [Differentiable] public static double F(ref double a, out double b, in double c, ref readonly double d, scoped Span<double> e) { b = a; return a * c * d * e[0]; }
                [Differentiable] public static ref double G(double x) => ref _f;
                [Differentiable] public static ref readonly double H(double x) => ref _f;
                [Differentiable] public static double K([NoDerivative] ref double a, [NoDerivative] out double b, double x) { b = x; return a * x; }
            }
            """,
        ["recursion and mutual recursion"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x <= 0 ? 0 : F(x - 1) + x;
                [Differentiable] public static double G(double x) => H(x) * x;
                [Differentiable] public static double H(double x) => G(x) * x;
                [Differentiable] public static double K(double x) => FGradient(x) + FPullback(x, 1, ref x);
            }
            """,
        ["generic method and generic containing types"] = () => Header + """
            public static partial class Outer<T> where T : struct
            {
                public partial class Inner<U, V>
                {
                    [Differentiable] public static double F(double x, T t, U u) => x * x;
                    [Differentiable] public static double G<W>(double x, W w) where W : unmanaged => x * x;
                    [Differentiable] public static T H(T x) => x;
                }
            }
            """,
        ["async, iterator, extension, static local and expression-bodied with throw"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static async System.Threading.Tasks.Task<double> A(double x) => x;
                [Differentiable] public static async double B(double x) { await System.Threading.Tasks.Task.Yield(); return x; }
                [Differentiable] public static System.Collections.Generic.IEnumerable<double> I(double x) { yield return x; }
                [Differentiable] public static double Y(double x) { yield return x; }
                [Differentiable] public static double E(this double x) => x * x;
                [Differentiable] public static double T(double x) => throw new Exception();
                [Differentiable] public static double U(double x) { throw null!; }
                [Differentiable] public static double V(double x) { goto L; L: return x; }
                [Differentiable] public static double W(double x) { while (true) { } }
            }
            """,
        ["same method twice in one type (CS0111)"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double F(double x) => x * x * x;
            }
            """,
        ["same method in two parts of a partial type (CS0111)"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;
            }
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x * x;
            }
            """,
        ["nested type and namespace with the same dotted name"] = () => """
            using GradGen;

            namespace A
            {
                public static partial class B
                {
                    [Differentiable] public static double F(double x) => x * x;
                }
            }

            public static partial class A
            {
                public static partial class B
                {
                    [Differentiable] public static double F(double x) => x * x * x;
                }
            }
            """,
        ["types whose names differ only in case"] = () => Header + """
            public static partial class Losses
            {
                [Differentiable] public static double F(double x) => x * x;
            }
            public static partial class losses
            {
                [Differentiable] public static double F(double x) => x * x * x;
            }
            """,
        ["identifiers that differ only in characters the hint name replaces"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static double A‿B(double x) => x * x;
                [Differentiable] public static double A_B(double x) => x * x * x;
            }
            """,
        ["names that are keywords, unicode escapes and formatting characters"] = () => Header + """
            namespace @namespace.@class;
            public static partial class @static
            {
                [Differentiable] public static double @double(double @double) => @double * @double;
                [Differentiable] public static double \u0046(double \u0078) => x * x;
                [Differentiable] public static double G­ap(double x) => x * x;
                [Differentiable] public static double Gap(double x) => x * x;
                [Differentiable] public static double Ünïcödé(double ξ) => ξ * ξ;
            }
            """,
        ["generated member names collide with user members"] = () => Header + """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;
                public static int FGradient;
                public class FValueAndGradient { }
                public static event Action? FPullback;
                [Differentiable] public static double G(double x) => x;
                [Differentiable] public static double GGradient(double x) => x;
            }
            """,
        ["containing type is an enum member, a delegate or missing"] = () => Header + """
            public enum E { A, [Differentiable] B }
            public delegate double D([Differentiable] double x);
            [Differentiable] public partial class K { }
            """,
        ["method named like its containing type and like generated members"] = () => Header + """
            public partial class F
            {
                [Differentiable] public double F(double x) => x * x;
                [Differentiable] public double FGradient(double x) => x;
                [Differentiable] public double FPullback(double x) => x;
            }
            """,
        ["file-local, nested and deeply nested partial types"] = () => Header + """
            file partial class Hidden
            {
                [Differentiable] public static double F(double x) => x * x;
            }
            public partial class L1 { partial class L2 { partial struct L3 { partial record L4 { partial record struct L5 { partial interface L6 {
                [Differentiable] static double F(double x) => x * x;
            } } } } } }
            """,
        ["300 parameters"] = () =>
        {
            var sb = new StringBuilder(Header + "public static partial class C\n{\n    [Differentiable]\n    public static double F(");
            sb.Append(string.Join(", ", Enumerable.Range(0, 300).Select(i => $"double p{i}")));
            sb.Append(") =>\n        ");
            sb.Append(string.Join(" + ", Enumerable.Range(0, 300).Select(i => $"p{i} * p{(i + 1) % 300}")));
            sb.Append(";\n}\n");
            return sb.ToString();
        },
        ["2,000 nested parentheses"] = () => NestedParentheses(2000),
        // The compiler itself gives up (CS8078) long before 2,000 on a 1 MB stack, so GradGen never sees
        // that one; 400 is well within what the compiler binds (about 550 when asked through
        // SemanticModel.GetOperation, the compiler's own limit) and reaches GradGen.
        ["400 nested parentheses"] = () => NestedParentheses(400),
        // A left-nested chain of binary operators: the compiler binds it without recursion, at any length.
        ["1,000-term flat sum"] = () => FlatSum(1000),
        ["10,000-term flat sum"] = () => FlatSum(10000),
        ["loops nested 50 deep"] = () =>
        {
            const int depth = 50;
            var sb = new StringBuilder(Header + "public static partial class C\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        double s = 0;\n");
            for (int i = 0; i < depth; i++) sb.Append(' ', 8 + 4 * i).Append($"for (int i{i} = 0; i{i} < 2; i{i}++)\n").Append(' ', 8 + 4 * i).Append("{\n");
            sb.Append(' ', 8 + 4 * depth).Append("s += x * s + x;\n");
            for (int i = depth - 1; i >= 0; i--) sb.Append(' ', 8 + 4 * i).Append("}\n");
            sb.Append("        return s;\n    }\n}\n");
            return sb.ToString();
        },
        ["ifs nested 200 deep"] = () =>
        {
            const int depth = 200;
            var sb = new StringBuilder(Header + "public static partial class C\n{\n    [Differentiable]\n    public static double F(double x)\n    {\n        double s = x;\n");
            for (int i = 0; i < depth; i++) sb.Append($"if (x > {i}) {{ s = s * x;\n");
            sb.Append('}', depth);
            sb.Append("\n        return s;\n    }\n}\n");
            return sb.ToString();
        },
        ["1,000 [Differentiable] methods in one file"] = () =>
        {
            var sb = new StringBuilder(Header + "public static partial class C\n{\n");
            for (int i = 0; i < 1000; i++)
            {
                sb.Append($"    [Differentiable] public static double F{i}(double x, double y) => x * y + Math.Sin(x) * {i}.0;\n");
            }

            sb.Append("}\n");
            return sb.ToString();
        },
        ["a chain of 1,000 [Differentiable] methods, each calling the previous"] = () =>
        {
            var sb = new StringBuilder(Header + "public static partial class C\n{\n");
            for (int i = 0; i < 1000; i++)
            {
                sb.Append($"    [Differentiable] public static double F{i}(double x, double y) => x * y{(i > 0 ? $" + F{i - 1}(y, x)" : string.Empty)};\n");
            }

            sb.Append("}\n");
            return sb.ToString();
        },
    };
}
