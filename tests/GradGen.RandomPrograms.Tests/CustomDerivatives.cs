using System.Text;

namespace GradGen.RandomPrograms;

// Callees with custom derivatives: C0, C1, ... compute a product or sum of Math functions of their parameters through a
// delegate, which GradGen cannot differentiate (GG0012 without a custom derivative), and carry a [CustomPullback] and a
// [CustomPushforward] whose derivative is written out symbolically from the same tree. Every call of them from F goes
// through the user's derivatives; the interpreter differentiates the tree itself, so a custom derivative called with its
// arguments, seed or adjoints in the wrong places is a wrong gradient.

public sealed partial class ProgramGenerator
{
    private static readonly string[] CustomFunctions = { "Sin", "Cos", "Exp", "Tanh", "Atan" };

    /// <summary><c>C&lt;i&gt;(u0[, u1])</c>: f(u0), k·f(u0), f(u0)·g(u1) or k·f(u0) + g(u1).</summary>
    private Method CustomCallee(int index)
    {
        string t = _f ? "float" : "double";
        int np = Int(1, 2);
        var ps = Enumerable.Range(0, np).Select(i => new Param(t, "u" + i, false, false, 0)).ToArray();
        Expr F(int i) => new Call(Pick(CustomFunctions), new Expr[] { new Var("u" + i) });
        Expr body = np == 1
            ? (P(50) ? F(0) : new Bin("*", Lit(Pick(Lits)), F(0)))
            : (P(50) ? new Bin("*", F(0), F(1)) : new Bin("+", new Bin("*", Lit(Pick(Lits)), F(0)), F(1)));
        return new Method("C" + index, ps, new Block(new Stmt[] { new Return(body) }), true);
    }
}

public static partial class Printer
{
    /// <summary>A custom-derivative callee: the delegate that computes it, the method, its pullback and its pushforward.</summary>
    private static void PrintCustom(StringBuilder sb, Method m, bool isFloat, string className)
    {
        string t = isFloat ? "float" : "double";
        Expr body = ((Return)m.Body.S[0]).E;
        string names = string.Join(", ", m.Params.Select(p => p.Name));
        string typed = string.Join(", ", m.Params.Select(p => t + " " + p.Name));
        string func = "Func<" + string.Join(", ", m.Params.Select(_ => t)) + ", " + t + ">";
        string[] partials = m.Params.Select(p => Print(Derivatives.Of(body, p.Name), isFloat)).ToArray();
        sb.Append("    private static readonly ").Append(func).Append(" s_").Append(m.Name).Append(" = (").Append(names).Append(") => ").Append(Print(body, isFloat)).Append(";\n\n");
        sb.Append("    public static ").Append(t).Append(' ').Append(m.Name).Append('(').Append(typed).Append(") => s_").Append(m.Name).Append('(').Append(names).Append(");\n\n");
        sb.Append("    [CustomPullback(typeof(").Append(className).Append("), nameof(").Append(m.Name).Append("))]\n");
        sb.Append("    public static ").Append(t).Append(' ').Append(m.Name).Append("Pullback(").Append(typed).Append(", ").Append(t).Append(" seed, ")
          .Append(string.Join(", ", m.Params.Select(p => "ref " + t + " " + p.Name + "Adjoint"))).Append(")\n    {\n");
        for (int i = 0; i < m.Params.Length; i++)
        {
            sb.Append("        ").Append(m.Params[i].Name).Append("Adjoint += seed * (").Append(partials[i]).Append(");\n");
        }

        sb.Append("        return ").Append(m.Name).Append('(').Append(names).Append(");\n    }\n\n");
        sb.Append("    [CustomPushforward(typeof(").Append(className).Append("), nameof(").Append(m.Name).Append("))]\n");
        sb.Append("    public static (").Append(t).Append(" Value, ").Append(t).Append(" Tangent) ").Append(m.Name).Append("Pushforward(").Append(typed).Append(", ")
          .Append(string.Join(", ", m.Params.Select(p => t + " " + p.Name + "Tangent"))).Append(") =>\n        (").Append(m.Name).Append('(').Append(names).Append("), ")
          .Append(string.Join(" + ", m.Params.Select((p, i) => "(" + partials[i] + ") * " + p.Name + "Tangent"))).Append(");\n");
    }
}

/// <summary>Symbolic derivatives of the small expressions custom callees are made of.</summary>
public static class Derivatives
{
    /// <summary>∂e/∂u, with zero terms and unit factors left out (so that 0 · Exp(big) never makes a NaN the exact
    /// derivative does not have).</summary>
    public static Expr Of(Expr e, string u) => e switch
    {
        Lit or IntLit or Const => Zero,
        Var v => v.Name == u ? One : Zero,
        Unary { Op: "-" } n => IsZero(Of(n.E, u)) ? Zero : new Unary("-", Of(n.E, u)),
        Bin { Op: "+" or "-" } b => Sum(b.Op, Of(b.L, u), Of(b.R, u)),
        Bin { Op: "*" } b => Sum("+", Product(Of(b.L, u), b.R), Product(b.L, Of(b.R, u))),
        Call { Args.Length: 1 } c => Product(Outer(c.Fn, c.Args[0]), Of(c.Args[0], u)),
        _ => throw new InvalidOperationException("no symbolic derivative of " + e),
    };

    private static readonly Expr Zero = new Lit(0), One = new Lit(1);

    private static bool IsZero(Expr e) => e is Lit { V: 0 };

    private static Expr Sum(string op, Expr l, Expr r) =>
        IsZero(r) ? l : IsZero(l) ? (op == "+" ? r : new Unary("-", r)) : new Bin(op, l, r);

    private static Expr Product(Expr l, Expr r) =>
        IsZero(l) || IsZero(r) ? Zero : l is Lit { V: 1 } ? r : r is Lit { V: 1 } ? l : new Bin("*", l, r);

    private static Expr Outer(string fn, Expr x) => fn switch
    {
        "Sin" => new Call("Cos", new[] { x }),
        "Cos" => new Unary("-", new Call("Sin", new[] { x })),
        "Exp" => new Call("Exp", new[] { x }),
        "Tanh" => new Bin("-", new Lit(1), new Bin("*", new Call("Tanh", new[] { x }), new Call("Tanh", new[] { x }))),
        "Atan" => new Bin("/", new Lit(1), new Bin("+", new Lit(1), new Bin("*", x, x))),
        _ => throw new InvalidOperationException("no derivative of " + fn),
    };
}
