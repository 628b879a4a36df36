using System.Text;
using System.Text.RegularExpressions;

namespace GradGen.RandomPrograms;

/// <summary>
/// Generic methods (GradGen's "Generic math"): in a program with <see cref="Prog.Generic"/>, each marked method (F, G0, G1, ...)
/// whose body stays within a subset that reads the same over any floating-point T is printed generic,
/// <c>static T G0&lt;T&gt;(T x, T[] a, int n) where T : IFloatingPointIeee754&lt;T&gt;</c>, its literals <c>T.CreateChecked(2.5)</c>,
/// its functions <c>T.Sin</c>, <c>Math.PI</c> <c>T.Pi</c>. Its callers call it at the program's type, <c>G0&lt;double&gt;(...)</c>;
/// a generic F is called by inference. Instantiated at double (or float), it computes exactly what the non-generic method does,
/// so the interpreter checks it unchanged.
/// </summary>
public static partial class GenericForm
{
    /// <summary>Functions T has as static members with the meaning of Math's (not Sign, which returns an int, nor Clamp).</summary>
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Exp", "Log", "Log10", "Log2",
        "Sqrt", "Cbrt", "Abs", "Floor", "Ceiling", "Round", "Truncate", "Atan2", "Pow", "Max", "Min", "CopySign", "Hypot", "LogP1", "ExpM1",
        "Clamp", "FusedMultiplyAdd", "ReciprocalSqrtEstimate", "SinCos.Sin", "SinCos.Cos", "WithoutDerivative",
    };

    /// <summary>The methods of <paramref name="p"/> printed in generic form: none unless the program is drawn generic, and none
    /// that takes a model (model form: the model type is the program's, over its real type).</summary>
    public static HashSet<string> GenericMethods(Prog p)
    {
        if (!p.Generic) return new HashSet<string>(StringComparer.Ordinal);
        ModelLayout? model = ModelForm.Layout(p);
        // A vector-valued F stays at the program's type (its callees may be generic).
        return p.Methods.Where(m => Fits(m, p) && !ModelForm.TakesModel(model, m.Name) && !(p.Vector is not null && m.Name == "F")).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
    }

    public static bool Fits(Method m, Prog p) => OverT(m, p) is not null;

    /// <summary>
    /// <paramref name="m"/> as it reads generic, or null when it is outside the subset: a marked method of reals, real arrays and
    /// spans, and ints; locals, assignments, if, for, while, do, foreach, break, continue, return; T's functions; no calls of the
    /// program's methods. An int where C# converts it to the real type (<c>x * n</c>, <c>Math.Sin(i)</c>, <c>return n;</c>) is
    /// converted explicitly, <c>T.CreateChecked(n)</c>, which for T = double or float is the same conversion.
    /// </summary>
    public static Method? OverT(Method m, Prog p)
    {
        if (!m.Marked || m.IsCustom || m.ReturnsArray) return null;

        // A generic F is called by inference, which a span parameter cannot give T (an array argument does not convert
        // during inference): it needs a real or an array parameter to infer T from.
        if (m.Name == "F" && !m.Params.Any(q => q.IsReal || q.Type == p.T + "[]")) return null;
        var env = new Dictionary<string, char>(StringComparer.Ordinal);
        foreach (Param q in m.Params)
        {
            if (q.IsReal) env[q.Name] = 'r';
            else if (q.Type == p.T + "[]" || q.Type == "Span<" + p.T + ">" || q.Type == "ReadOnlySpan<" + p.T + ">") env[q.Name] = 'a';
            else if (q.Type == "int" && !q.In) env[q.Name] = 'i';
            else return null;
        }

        Block? body = OverT(m.Body, env, p);
        return body is null ? null : m with { Body = body };
    }

    private static Block? OverT(Block b, Dictionary<string, char> outer, Prog p)
    {
        var env = new Dictionary<string, char>(outer, StringComparer.Ordinal);
        var list = new List<Stmt>();
        foreach (Stmt s in b.S)
        {
            if (OverT(s, env, p) is not { } t) return null;
            list.Add(t);
        }

        return new Block(list.ToArray());
    }

    private static Expr Real(Expr e, char type) => type == 'i' ? new Call("T.CreateChecked", [e]) : e;

    private static Stmt? OverT(Stmt s, Dictionary<string, char> env, Prog p)
    {
        switch (s)
        {
            case Decl d:
                {
                    char kind = d.Type == p.T ? 'r' : d.Type == "int" ? 'i' : '?';
                    (Expr init, char t) = Ty(d.Init, env);
                    if (kind == '?' || t != kind && !(kind == 'r' && t == 'i')) return null;
                    env[d.Name] = kind;
                    return d with { Init = Real(init, kind == 'r' ? t : 'r') };
                }

            case Assign a:
                {
                    (Expr target, char tt) = Ty(a.Target, env);
                    if (a.Target is not (Var or Index) || tt is not ('r' or 'i')) return null;
                    if (a.Op == "++") return tt == 'i' ? a : null;
                    (Expr value, char vt) = Ty(a.Value!, env);
                    if (a.Op is not ("=" or "+=" or "-=" or "*=" or "/=") || vt != tt && !(tt == 'r' && vt == 'i')) return null;
                    return a with { Target = target, Value = tt == 'r' ? Real(value, vt) : value };
                }

            case If i:
                {
                    (Expr c, char ct) = Ty(i.C, env);
                    Block? then = OverT(i.Then, env, p);
                    Block? otherwise = i.Else is null ? null : OverT(i.Else, env, p);
                    return ct == 'b' && then is not null && (i.Else is null || otherwise is not null) ? new If(c, then, otherwise) : null;
                }

            case For f:
                {
                    (Expr init, char it) = Ty(f.Init, env);
                    if (f.CType != "int" || it != 'i') return null;
                    var inner = new Dictionary<string, char>(env, StringComparer.Ordinal) { [f.V] = 'i' };
                    (Expr c, char ct) = Ty(f.Cond, inner);
                    Block? body = OverT(f.Body, inner, p);
                    return ct == 'b' && body is not null ? f with { Init = init, Cond = c, Body = body } : null;
                }

            case While w:
                {
                    (Expr c, char ct) = Ty(w.C, env);
                    Block? body = OverT(w.Body, env, p);
                    return ct == 'b' && body is not null ? new While(c, body) : null;
                }

            case DoWhile d:
                {
                    Block? body = OverT(d.Body, env, p);
                    (Expr c, char ct) = Ty(d.C, env);
                    return ct == 'b' && body is not null ? new DoWhile(body, c) : null;
                }

            case Foreach f:
                {
                    if (f.Type != p.T || !env.TryGetValue(f.Arr, out char arr) || arr != 'a') return null;
                    var inner = new Dictionary<string, char>(env, StringComparer.Ordinal) { [f.V] = 'r' };
                    Block? body = OverT(f.Body, inner, p);
                    return body is null ? null : f with { Body = body };
                }

            case Break or Continue:
                return s;
            case Return r:
                {
                    (Expr e, char t) = Ty(r.E, env);
                    return t is 'r' or 'i' ? new Return(Real(e, t)) : null;
                }

            default:
                return null;
        }
    }

    /// <summary>Functions whose int arguments C# would give an int overload (Math.Abs(n) is an int): their arguments must be real.</summary>
    private static readonly HashSet<string> IntOverloads = new(StringComparer.Ordinal) { "Abs", "Max", "Min", "Clamp", "Sign", "Round", "Floor", "Ceiling", "Truncate", "CopySign", "WithoutDerivative" };

    /// <summary>The expression over T and its type: 'r' real, 'i' int, 'a' real array, 'b' bool; '?' for anything outside the subset.</summary>
    private static (Expr E, char T) Ty(Expr e, Dictionary<string, char> env)
    {
        const char No = '?';
        switch (e)
        {
            case Lit:
            case Const:
                return (e, 'r');
            case IntLit:
                return (e, 'i');
            case Var v:
                return (e, env.TryGetValue(v.Name, out char k) ? k : No);
            case Index ix:
                {
                    (Expr i, char it) = Ty(ix.I, env);
                    return (ix with { I = i }, env.TryGetValue(ix.Arr, out char a) && a == 'a' && it == 'i' ? 'r' : No);
                }

            case Len l:
                return (e, env.TryGetValue(l.Arr, out char la) && la == 'a' ? 'i' : No);
            case Unary u:
                {
                    (Expr o, char t) = Ty(u.E, env);
                    return (u with { E = o }, u.Op == "-" && t is 'r' or 'i' ? t : u.Op == "!" && t == 'b' ? 'b' : No);
                }

            case Bin b:
                {
                    (Expr l, char lt) = Ty(b.L, env);
                    (Expr r, char rt) = Ty(b.R, env);
                    if (lt == No || rt == No) return (e, No);
                    if (b.Op is "&&" or "||") return (b with { L = l, R = r }, lt == 'b' && rt == 'b' ? 'b' : No);
                    if (lt is not ('r' or 'i') || rt is not ('r' or 'i')) return (e, No);
                    char t = lt == 'r' || rt == 'r' ? 'r' : 'i';
                    var converted = b with { L = t == 'r' ? Real(l, lt) : l, R = t == 'r' ? Real(r, rt) : r };
                    return b.Op switch
                    {
                        "+" or "-" or "*" or "/" or "%" => (converted, t),
                        "<" or "<=" or ">" or ">=" or "==" or "!=" => (converted, 'b'),
                        _ => (e, No),
                    };
                }

            case Call { Fn: "Sign" } c:
                {
                    (Expr a, char at) = Ty(c.Args[0], env);
                    return (c with { Args = [a] }, c.Args.Length == 1 && at == 'r' ? 'i' : No);
                }

            case Call { Fn: "ScaleB" } c when c.Args.Length == 2:
                {
                    (Expr x, char xt) = Ty(c.Args[0], env);
                    (Expr n, char nt) = Ty(c.Args[1], env);
                    return (c with { Args = [x, n] }, xt == 'r' && nt == 'i' ? 'r' : No);
                }

            case Call c when Functions.Contains(c.Fn):
                {
                    var args = new List<Expr>();
                    foreach (Expr arg in c.Args)
                    {
                        (Expr a, char at) = Ty(arg, env);
                        if (at == 'r' || at == 'i' && !IntOverloads.Contains(c.Fn)) args.Add(Real(a, at));
                        else return (e, No);
                    }

                    return (c with { Args = args.ToArray() }, 'r');
                }

            case Cond c:
                {
                    (Expr cond, char ct) = Ty(c.C, env);
                    (Expr t, char tt) = Ty(c.T, env);
                    (Expr f, char ft) = Ty(c.F, env);
                    if (ct != 'b' || tt is not ('r' or 'i') || ft is not ('r' or 'i')) return (e, No);
                    char type = tt == 'r' || ft == 'r' ? 'r' : 'i';
                    return (new Cond(cond, type == 'r' ? Real(t, tt) : t, type == 'r' ? Real(f, ft) : f), type);
                }

            default:
                return (e, No);
        }
    }

    [GeneratedRegex(@"\b(?:Math|MathF|double|float)\.")]
    private static partial Regex NumberOwner();

    // A real literal as Printer writes it: with a '.', an exponent or a float's 'f' (never an int's digits alone).
    [GeneratedRegex(@"(?<![\w.])(?:\d+\.\d+(?:E[+-]?\d+)?f?|\d+E[+-]?\d+f?|\d+f)(?![\w.])")]
    private static partial Regex RealLiteral();

    [GeneratedRegex(@"\b(?:double|float)\b")]
    private static partial Regex RealKeyword();

    /// <summary>The non-generic text of <paramref name="m"/> rewritten over T.</summary>
    public static string Rewrite(string text, Method m)
    {
        text = NumberOwner().Replace(text, "T.").Replace("T.PI", "T.Pi");
        text = RealLiteral().Replace(text, match => "T.CreateChecked(" + match.Value + ")");
        text = RealKeyword().Replace(text, "T");
        string declared = " " + m.Name + "(";
        int open = text.IndexOf(declared, StringComparison.Ordinal) + declared.Length - 1;
        int depth = 0, close = open;
        for (; close < text.Length; close++)
        {
            if (text[close] == '(') depth++;
            else if (text[close] == ')' && --depth == 0) break;
        }

        return text[..open] + "<T>" + text[open..(close + 1)] + " where T : IFloatingPointIeee754<T>" + text[(close + 1)..];
    }

    /// <summary>Calls of the generic methods in a non-generic method's text, at the program's type: <c>G0&lt;double&gt;(</c>.</summary>
    public static string CallsAt(string text, IReadOnlyCollection<string> generic, string type)
    {
        foreach (string name in generic)
        {
            text = Regex.Replace(text, @"(?<![\w.])" + Regex.Escape(name) + @"\(", name + "<" + type + ">(");
        }

        return text;
    }
}
