using System.Globalization;
using System.Text;

namespace GradGen.RandomPrograms;

// A small program tree: just what the random programs use. Types are strings as C# spells them
// ("double", "float", "int", "long", "double[]", "Span<double>", ...). Values of int-typed names
// and array lengths are fixed per program (Param.Value), so that index ranges are known.

public abstract record Expr;
/// <summary>A real literal (double or float by the program), never negative.</summary>
public sealed record Lit(double V) : Expr;
public sealed record IntLit(int V) : Expr;
/// <summary>Math.PI or Math.E (MathF's in float programs).</summary>
public sealed record Const(string Name) : Expr;
public sealed record Var(string Name) : Expr;
public sealed record Index(string Arr, Expr I) : Expr;
public sealed record Len(string Arr) : Expr;
/// <summary>Of a jagged parameter: <c>Arr[I]</c>, a row (an array).</summary>
public sealed record Row(string Arr, Expr I) : Expr;
/// <summary>Of a jagged parameter: <c>Arr[I][J]</c>.</summary>
public sealed record JIndex(string Arr, Expr I, Expr J) : Expr;
/// <summary>Of a jagged parameter: <c>Arr[I].Length</c>.</summary>
public sealed record RowLen(string Arr, Expr I) : Expr;
/// <summary>Of a two-dimensional parameter: <c>Arr[I, J]</c>.</summary>
public sealed record MIndex(string Arr, Expr I, Expr J) : Expr;
/// <summary>Of a two-dimensional parameter: <c>Arr.GetLength(Dim)</c>, or <c>Arr.Length</c> (every element) when Dim is -1.</summary>
public sealed record MLen(string Arr, int Dim) : Expr;
/// <summary>Unary "-" or "!".</summary>
public sealed record Unary(string Op, Expr E) : Expr;
/// <summary>+ - * / % &lt; &lt;= &gt; &gt;= == != &amp;&amp; ||</summary>
public sealed record Bin(string Op, Expr L, Expr R) : Expr;
/// <summary>Fn is a Math function name ("Sin"), "WithoutDerivative", or a method of the program.</summary>
public sealed record Call(string Fn, Expr[] Args) : Expr
{
    public bool Equals(Call? o) => o is not null && Fn == o.Fn && Args.SequenceEqual(o.Args);
    public override int GetHashCode() => Fn.GetHashCode();
}
public sealed record Cond(Expr C, Expr T, Expr F) : Expr;
/// <summary>An assignment used as a value: <c>Target = Value</c> (Op "="), <c>++Target</c> (Op "pre++") or
/// <c>Target++</c> (Op "post++", Value null), Target a Var.</summary>
public sealed record AssignExpr(Expr Target, string Op, Expr? Value) : Expr;
/// <summary>A LINQ reduction of an array, <c>Arr.Fn()</c>: Fn is Sum, Average, Max or Min.</summary>
public sealed record Reduce(string Fn, string Arr) : Expr;
/// <summary><c>(int)E</c> of a real E: a step function (zero derivative; GradGen warns GG1001).</summary>
public sealed record ToInt(Expr E) : Expr;
/// <summary>new T[n] (Stack false) or stackalloc T[n] (Stack true); only as a top-level buffer's initializer.</summary>
public sealed record NewArr(string Elem, Expr Size, bool Stack) : Expr;
/// <summary><c>E is P</c>.</summary>
public sealed record Is(Expr E, Pat P) : Expr;
/// <summary><c>E switch { P when When =&gt; Value, ... }</c>: arms tested in order.</summary>
public sealed record SwitchExpr(Expr E, Arm[] Arms) : Expr
{
    public bool Equals(SwitchExpr? o) => o is not null && E.Equals(o.E) && Arms.SequenceEqual(o.Arms);
    public override int GetHashCode() => Arms.Length;
}
public sealed record Arm(Pat P, Expr? When, Expr Value);

/// <summary>A pattern: of C#'s, those GradGen supports (constant, relational, not, and, or, discard).</summary>
public abstract record Pat;
/// <summary>A constant pattern; C a literal (an int one in the random programs), maybe negated.</summary>
public sealed record PConst(Expr C) : Pat;
/// <summary>A relational pattern: Op is &lt; &lt;= &gt; &gt;=; C a literal, maybe negated.</summary>
public sealed record PRel(string Op, Expr C) : Pat;
public sealed record PNot(Pat P) : Pat;
/// <summary>Op "and" or "or".</summary>
public sealed record PBin(string Op, Pat L, Pat R) : Pat;
public sealed record PDiscard : Pat;

public abstract record Stmt;
public sealed record Decl(string Type, string Name, Expr Init) : Stmt;
/// <summary>Target is Var or Index; Op "=", "+=", "-=", "*=", "/=", "++" (Value null).</summary>
public sealed record Assign(Expr Target, string Op, Expr? Value) : Stmt;
public sealed record If(Expr C, Block Then, Block? Else) : Stmt;
/// <summary>for (CType V = Init; Cond; V++ or V--) Body</summary>
public sealed record For(string CType, string V, Expr Init, Expr Cond, bool Down, Block Body) : Stmt;
public sealed record While(Expr C, Block Body) : Stmt;
public sealed record DoWhile(Block Body, Expr C) : Stmt;
public sealed record Foreach(string Type, string V, string Arr, Block Body) : Stmt;
/// <summary><c>(a, b[i], _) = (e1, e2, e3);</c>, or with Declare <c>var (p, q, _) = (e1, e2, e3);</c>: Targets are Var
/// (a local or parameter, or "_", a discard) or Index (a local buffer's element); C# evaluates the targets' indices, then
/// every value left to right, then assigns left to right.</summary>
public sealed record TupleSet(bool Declare, Expr[] Targets, Expr[] Values) : Stmt
{
    public bool Equals(TupleSet? o) => o is not null && Declare == o.Declare && Targets.SequenceEqual(o.Targets) && Values.SequenceEqual(o.Values);
    public override int GetHashCode() => Targets.Length;
}
public sealed record Break : Stmt;
public sealed record Continue : Stmt;
public sealed record Return(Expr E) : Stmt;
/// <summary>A switch statement; the default section (a label with P null) is taken when no other matches, wherever it stands.</summary>
public sealed record Switch(Expr E, Section[] Sections) : Stmt
{
    public bool Equals(Switch? o) => o is not null && E.Equals(o.E) && Sections.SequenceEqual(o.Sections);
    public override int GetHashCode() => Sections.Length;
}
/// <summary>A switch section: its labels, its statements, and the statement that ends it (Break, Return or Continue).
/// Braced: the statements stand in their own { } block (locals of one section stay out of the others); a Break then
/// follows the block, a Return or Continue ends it.</summary>
public sealed record Section(CaseLabel[] Labels, Block Body, bool Braced, Stmt End)
{
    public bool Equals(Section? o) => o is not null && Labels.SequenceEqual(o.Labels) && Body.Equals(o.Body) && Braced == o.Braced && End.Equals(o.End);
    public override int GetHashCode() => Labels.Length;
}
/// <summary><c>case P when When:</c>, or <c>default:</c> when P is null.</summary>
public sealed record CaseLabel(Pat? P, Expr? When);

public sealed record Block(Stmt[] S)
{
    public bool Equals(Block? o) => o is not null && S.SequenceEqual(o.S);
    public override int GetHashCode() => S.Length;
}

/// <summary>A parameter. Value: the fixed length of an array parameter, or the fixed value of an int one; of a jagged
/// (T[][]) or two-dimensional (T[,]) one, rows·10 + columns (every row as long): differentiable, its elements are in the
/// point, row by row; [NoDerivative], its data is fixed (<see cref="JaggedValue"/>) and not in the point.</summary>
public sealed record Param(string Type, string Name, bool In, bool NoDeriv, int Value)
{
    public bool IsJagged => Type.EndsWith("[][]", StringComparison.Ordinal);
    public bool IsMatrix => Type.EndsWith("[,]", StringComparison.Ordinal);
    public bool IsGrid => IsJagged || IsMatrix;
    /// <summary>An array of tuples, <c>(int K, T V)[]</c>: data (never differentiated, not part of the point), Value rows·10 +
    /// the range of K; see <see cref="TupleDataValue"/>.</summary>
    public bool IsTupleData => Type.StartsWith('(');
    public bool IsArray => !IsJagged && !IsTupleData && (Type.EndsWith("[]", StringComparison.Ordinal) || Type.Contains("Span<", StringComparison.Ordinal));
    public int Rows => Value / 10;
    public int Cols => Value % 10;
    /// <summary>Element [i][j] of a jagged parameter: exact in float and double.</summary>
    public static double JaggedValue(int i, int j) => 0.5 + 0.25 * i - 0.375 * j;
    public bool IsReal => Type is "double" or "float";
    public bool IsInt => Type is "int" or "long" or "uint" or "short" or "ushort" or "byte" or "sbyte";
    /// <summary>Row j of a tuple-data parameter: K = j mod the range of K, V exact in float and double.</summary>
    public static (int K, double V) TupleDataValue(int j, int kRange) => (j % kRange, 0.75 - 0.5 * j);
    public bool Differentiable => !NoDeriv && (IsReal || IsArray || IsGrid);
    /// <summary>Scalars of the parameter in the point: 1 for a real, the elements of an array or differentiable grid.</summary>
    public int PointValues => IsArray ? Value : IsReal ? 1 : IsGrid && Differentiable ? Rows * Cols : 0;
}

public sealed record Method(string Name, Param[] Params, Block Body, bool ExprBodied)
{
    /// <summary>Callees named H0, H1, ... are the user's helpers without [Differentiable], which GradGen differentiates
    /// because F calls them; the others (F, G0, G1, ...) carry the attribute. The name says it, so regression files
    /// keep their format.</summary>
    public bool Marked => !Name.StartsWith('H') && !Name.StartsWith('A') && !Name.StartsWith('C');

    /// <summary>Callees named C0, C1, ... compute through a delegate and have a [CustomPullback] and a [CustomPushforward]
    /// (see CustomDerivatives.cs): GradGen calls those.</summary>
    public bool IsCustom => Name.StartsWith('C');

    /// <summary>Callees named A0, A1, ... are the user's helpers without [Differentiable] that create an array, fill it and
    /// return it (<c>T[] r = new T[L]; ...; return r;</c>); F receives it in a local (<c>T[] e = A0(x, a);</c>) and GradGen
    /// writes the helper where it is called.</summary>
    public bool ReturnsArray => Name.StartsWith('A');

    public bool Equals(Method? o) => o is not null && Name == o.Name && ExprBodied == o.ExprBodied && Params.SequenceEqual(o.Params) && Body.Equals(o.Body);
    public override int GetHashCode() => Name.GetHashCode();
}

/// <summary>One random program: one class, Methods[^1] is F, the others its callees. <see cref="Forward"/>: F is
/// <c>[Differentiable(Forward = true)]</c> (and so are the marked callees of odd index, G1, G3, ...; the others get the
/// hidden pushforward GradGen generates for what a forward-mode method calls), and its FPushforward is checked too.</summary>
public sealed record Prog(bool IsFloat, Method[] Methods)
{
    public bool Forward { get; init; }

    /// <summary>The marked methods that fit <see cref="GenericForm"/> are printed generic over T and called at the program's type.</summary>
    public bool Generic { get; init; }

    /// <summary>Model form (see <see cref="ModelForm"/>): F's differentiable real parameters are packed into one parameter of a
    /// model type the program declares, and read as its members; null for the other programs.</summary>
    public ModelSpec? Model { get; init; }

    /// <summary>Vector form (see <see cref="VectorForm"/>): F returns a tuple of reals, and its FPullback, FJacobian and
    /// FPushforward are checked element by element; null for the other programs.</summary>
    public VectorSpec? Vector { get; init; }

    /// <summary>F is <c>[Differentiable(Hessian = true)]</c>: its FHessianVectorProduct is checked too (double programs of
    /// real and array parameters only; see <see cref="HessianForm"/>).</summary>
    public bool Hessian { get; init; }
    public Method F => Methods[^1];
    public string T => IsFloat ? "float" : "double";

    /// <summary>Whether <paramref name="m"/> is printed with <c>Forward = true</c>.</summary>
    public bool IsForward(Method m) => Forward && (m.Name == "F" || m.Marked && int.TryParse(m.Name.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n % 2 == 1);

    public bool Equals(Prog? o) => o is not null && IsFloat == o.IsFloat && Forward == o.Forward && Hessian == o.Hessian && Generic == o.Generic && Equals(Model, o.Model) && Equals(Vector, o.Vector) && Methods.SequenceEqual(o.Methods);
    public override int GetHashCode() => Methods.Length;
}

/// <summary>Prints programs as C# with minimal parentheses by precedence.</summary>
public static partial class Printer
{
    public static int Prec(Expr e) => e switch
    {
        Cond or AssignExpr { Op: "=" } => 0,
        TupleLit => 9,
        AssignExpr { Op: "pre++" } => 8,
        Bin { Op: "||" } => 1,
        Bin { Op: "&&" } => 2,
        Bin { Op: "==" or "!=" } => 3,
        Bin { Op: "<" or "<=" or ">" or ">=" } or Is => 4,
        Bin { Op: "+" or "-" } => 5,
        Bin => 6,
        // Roslyn parses a switch expression above * / % and below unary operators: a * x switch { ... } is
        // a * (x switch { ... }), -x switch { ... } is (-x) switch { ... }.
        SwitchExpr => 7,
        Unary or ToInt => 8,
        _ => 9,
    };

    /// <summary>Pattern precedence: or, and, not, then the simple patterns.</summary>
    public static int Prec(Pat p) => p switch
    {
        PBin { Op: "or" } => 1,
        PBin => 2,
        PNot => 3,
        _ => 4,
    };

    public static string Print(Pat p, bool isFloat, int minPrec = 0)
    {
        string s = p switch
        {
            PDiscard => "_",
            PConst c => Print(c.C, isFloat),
            PRel r => r.Op + " " + Print(r.C, isFloat),
            PNot n => "not " + Print(n.P, isFloat, 3),
            PBin b => Print(b.L, isFloat, Prec(b)) + " " + b.Op + " " + Print(b.R, isFloat, Prec(b) + 1),
            _ => throw new InvalidOperationException(p.ToString()),
        };
        return Prec(p) < minPrec ? "(" + s + ")" : s;
    }

    public static string Literal(double v, bool isFloat) =>
        isFloat ? FloatText((float)v) + "f" : DoubleText(v);

    public static string DoubleText(double v)
    {
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.') || s.Contains('E') ? s : s + ".0";
    }

    public static string FloatText(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Print(Expr e, bool isFloat, int minPrec = 0)
    {
        string s = e switch
        {
            Lit l => Literal(l.V, isFloat),
            IntLit i => i.V.ToString(CultureInfo.InvariantCulture),
            Const c => (isFloat ? "MathF." : "Math.") + c.Name,
            Var v => Renames?.GetValueOrDefault(v.Name) ?? v.Name,
            Index ix => ix.Arr + "[" + Print(ix.I, isFloat) + "]",
            Len l => l.Arr + ".Length",
            Row r => r.Arr + "[" + Print(r.I, isFloat) + "]",
            JIndex j => j.Arr + "[" + Print(j.I, isFloat) + "][" + Print(j.J, isFloat) + "]",
            RowLen r => r.Arr + "[" + Print(r.I, isFloat) + "].Length",
            MIndex m => m.Arr + "[" + Print(m.I, isFloat) + ", " + Print(m.J, isFloat) + "]",
            MLen m => m.Dim < 0 ? m.Arr + ".Length" : m.Arr + ".GetLength(" + m.Dim + ")",
            Reduce r => r.Arr + "." + r.Fn + "()",
            Unary u => u.Op + Operand(u, isFloat),
            // (int)-x is a cast (int is a keyword), so a unary operand needs no parentheses.
            ToInt t => "(int)" + Print(t.E, isFloat, 8),
            Bin b => Print(b.L, isFloat, b.Op is "<" or "<=" or ">" or ">=" or "==" or "!=" ? Prec(b) + 1 : Prec(b)) + " " + b.Op + " " + Print(b.R, isFloat, Prec(b) + 1),
            Call c when MathFunctions.TupleElements.Contains(c.Fn) =>
                CallName("SinCos", isFloat) + "(" + string.Join(", ", c.Args.Select(a => Print(a, isFloat))) + ")." + c.Fn["SinCos.".Length..],
            // A call of a callee that takes the model whole (model form): its leading arguments are the model's members.
            Call c when ModelCalls is not null && ModelCalls.TryGetValue(c.Fn, out int members) =>
                c.Fn + "(" + string.Join(", ", c.Args.Skip(members).Select(a => Print(a, isFloat)).Prepend(ModelForm.Argument(ModelLayoutPrinted!, c.Args.Take(members).ToList(), isFloat))) + ")",
            Call c => CallName(c.Fn, isFloat) + "(" + string.Join(", ", c.Args.Select(a => Print(a, isFloat))) + ")",
            // c ? x : t = e would be (c ? x : t) = e.
            Cond c => Print(c.C, isFloat, 1) + " ? " + Print(c.T, isFloat, 0) + " : " + Print(c.F, isFloat, c.F is AssignExpr { Op: "=" } ? 1 : 0),
            AssignExpr { Op: "=" } a => Print(a.Target, isFloat) + " = " + Print(a.Value!, isFloat, 0),
            AssignExpr { Op: "pre++" } a => "++" + Print(a.Target, isFloat),
            AssignExpr a => Print(a.Target, isFloat) + "++",
            NewArr n => (n.Stack ? "stackalloc " : "new ") + n.Elem + "[" + Print(n.Size, isFloat) + "]",
            Is i => Print(i.E, isFloat, 5) + " is " + Print(i.P, isFloat),
            Query q => PrintQuery(q, isFloat),
            SwitchExpr sw => Print(sw.E, isFloat, 8) + " switch { " + string.Join(", ", sw.Arms.Select(a =>
                Print(a.P, isFloat) + (a.When is null ? "" : " when " + Print(a.When, isFloat)) + " => " + Print(a.Value, isFloat))) + " }",
            TupleLit or TupleVar or TupleRow or TupleElem or TupleDataElem => PrintTupleExpr(e, isFloat),
            _ => throw new InvalidOperationException(e.ToString()),
        };
        return Prec(e) < minPrec ? "(" + s + ")" : s;
    }

    private static string Operand(Unary u, bool isFloat)
    {
        string s = Print(u.E, isFloat, 8);
        // "- -x" must not print as "--x" (a decrement).
        return s.StartsWith('-') ? "(" + s + ")" : s;
    }

    public static string CallName(string fn, bool isFloat) =>
        fn == "WithoutDerivative" ? "Gradients.WithoutDerivative"
        : MathFunctions.NumberTypeOnly.Contains(fn) ? (isFloat ? "float." : "double.") + fn
        : fn == "Clamp" ? "Math.Clamp" // MathF has no Clamp; Math has the float overload
        : MathFunctions.IsMath(fn) ? (isFloat ? "MathF." : "Math.") + fn
        : fn;

    /// <summary>While a method of a model-form program prints: what a variable prints as (<c>x</c> as <c>p.A</c>).</summary>
    [ThreadStatic] internal static Dictionary<string, string>? Renames;

    /// <summary>While F of a model-form program prints: the callees that take the model whole, and how many leading
    /// arguments (the model's members) the model stands for.</summary>
    [ThreadStatic] internal static Dictionary<string, int>? ModelCalls;

    /// <summary>While F of a model-form program prints: its layout (what a call's leading arguments print as).</summary>
    [ThreadStatic] internal static ModelLayout? ModelLayoutPrinted;

    public static string Print(Prog p, string className)
    {
        var sb = new StringBuilder();
        HashSet<string> generic = GenericForm.GenericMethods(p);
        ModelLayout? model = ModelForm.Layout(p);
        // System.Linq only where a reduction needs it, System.Numerics where a method is generic: other programs print as they always have.
        sb.Append(UsesLinq(TreeText.Write(p)) ? "using System;\nusing System.Linq;\n" : "using System;\n")
          .Append(generic.Count > 0 ? "using System.Numerics;\n" : "")
          .Append("using GradGen;\n\npublic static partial class ").Append(className).Append("\n{\n");
        if (model is not null) sb.Append(ModelForm.TypeDeclarations(model)).Append('\n');
        for (int m = 0; m < p.Methods.Length; m++)
        {
            if (m > 0) sb.Append('\n');
            var one = new StringBuilder();
            if (p.Methods[m].IsCustom) PrintCustom(one, p.Methods[m], p.IsFloat, className);
            else if (model is not null && ModelForm.TakesModel(model, p.Methods[m].Name)) ModelForm.Print(one, model, p, p.Methods[m]);
            else Print(one, p.Methods[m], p.IsFloat, p.IsForward(p.Methods[m]), p.Vector is not null && m == p.Methods.Length - 1 ? p.Vector.ReturnType(p.T) : null, p.Hessian && m == p.Methods.Length - 1);
            sb.Append(generic.Count == 0 ? one.ToString()
                : generic.Contains(p.Methods[m].Name) ? GenericForm.Rewrite(Printed(GenericForm.OverT(p.Methods[m], p)!, p), p.Methods[m])
                : GenericForm.CallsAt(one.ToString(), generic, p.T));
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    private static string Printed(Method m, Prog p)
    {
        var sb = new StringBuilder();
        Print(sb, m, p.IsFloat, p.IsForward(m), hessian: p.Hessian && m.Name == "F");
        return sb.ToString();
    }

    /// <summary>Prints a method; <paramref name="returns"/> is F's tuple type in vector form (null: the real type).</summary>
    public static void Print(StringBuilder sb, Method m, bool isFloat, bool forward = false, string? returns = null, bool hessian = false)
    {
        string t = isFloat ? "float" : "double";
        sb.Append(!m.Marked ? "    public static "
            : hessian ? (forward ? "    [Differentiable(Forward = true, Hessian = true)]\n    public static " : "    [Differentiable(Hessian = true)]\n    public static ")
            : forward ? "    [Differentiable(Forward = true)]\n    public static " : "    [Differentiable]\n    public static ").Append(returns ?? t).Append(m.ReturnsArray ? "[] " : " ").Append(m.Name).Append('(');
        sb.Append(string.Join(", ", m.Params.Select(p => (p.NoDeriv ? "[NoDerivative] " : "") + (p.In ? "in " : "") + p.Type + " " + p.Name)));
        sb.Append(')');
        if (m.ExprBodied && m.Body.S is [Return r])
        {
            sb.Append(" => ").Append(Print(r.E, isFloat)).Append(";\n");
            return;
        }
        sb.Append('\n');
        PrintBlock(sb, m.Body, isFloat, 1);
    }

    private static void PrintBlock(StringBuilder sb, Block b, bool isFloat, int indent)
    {
        string pad = new(' ', indent * 4);
        sb.Append(pad).Append("{\n");
        foreach (Stmt s in b.S) PrintStmt(sb, s, isFloat, indent + 1);
        sb.Append(pad).Append("}\n");
    }

    private static void PrintStmt(StringBuilder sb, Stmt s, bool isFloat, int indent)
    {
        string pad = new(' ', indent * 4);
        string P(Expr e) => Print(e, isFloat);
        switch (s)
        {
            case Decl d: sb.Append(pad).Append(d.Type).Append(' ').Append(d.Name).Append(" = ").Append(P(d.Init)).Append(";\n"); break;
            case Assign { Op: "++" } a: sb.Append(pad).Append(P(a.Target)).Append("++;\n"); break;
            case Assign a: sb.Append(pad).Append(P(a.Target)).Append(' ').Append(a.Op).Append(' ').Append(P(a.Value!)).Append(";\n"); break;
            case If i:
                sb.Append(pad).Append("if (").Append(P(i.C)).Append(")\n");
                PrintBlock(sb, i.Then, isFloat, indent);
                if (i.Else is not null) { sb.Append(pad).Append("else\n"); PrintBlock(sb, i.Else, isFloat, indent); }
                break;
            case For f:
                sb.Append(pad).Append("for (").Append(f.CType).Append(' ').Append(f.V).Append(" = ").Append(P(f.Init)).Append("; ")
                  .Append(P(f.Cond)).Append("; ").Append(f.V).Append(f.Down ? "--" : "++").Append(")\n");
                PrintBlock(sb, f.Body, isFloat, indent);
                break;
            case While w: sb.Append(pad).Append("while (").Append(P(w.C)).Append(")\n"); PrintBlock(sb, w.Body, isFloat, indent); break;
            case DoWhile d: sb.Append(pad).Append("do\n"); PrintBlock(sb, d.Body, isFloat, indent); sb.Append(pad).Append("while (").Append(P(d.C)).Append(");\n"); break;
            case Foreach f: sb.Append(pad).Append("foreach (").Append(f.Type).Append(' ').Append(f.V).Append(" in ").Append(f.Arr).Append(")\n"); PrintBlock(sb, f.Body, isFloat, indent); break;
            case TupleSet dc:
                sb.Append(pad).Append(dc.Declare ? "var (" : "(").Append(string.Join(", ", dc.Targets.Select(P))).Append(") = (")
                  .Append(string.Join(", ", dc.Values.Select(P))).Append(");\n");
                break;
            case Break: sb.Append(pad).Append("break;\n"); break;
            case Continue: sb.Append(pad).Append("continue;\n"); break;
            case Return r: sb.Append(pad).Append("return ").Append(P(r.E)).Append(";\n"); break;
            case Switch sw:
                sb.Append(pad).Append("switch (").Append(P(sw.E)).Append(")\n").Append(pad).Append("{\n");
                foreach (Section sec in sw.Sections)
                {
                    foreach (CaseLabel l in sec.Labels)
                    {
                        sb.Append(pad).Append("    ");
                        if (l.P is null) sb.Append("default:\n");
                        else sb.Append("case ").Append(Print(l.P, isFloat)).Append(l.When is null ? "" : " when " + P(l.When)).Append(":\n");
                    }
                    if (sec.Braced)
                    {
                        // The block holds the section's locals; a break follows it (a break inside would be a break
                        // before the end of the section), a return or continue ends it.
                        var inside = sec.End is Break ? sec.Body : new Block(sec.Body.S.Append(sec.End).ToArray());
                        PrintBlock(sb, inside, isFloat, indent + 2);
                        if (sec.End is Break) PrintStmt(sb, sec.End, isFloat, indent + 2);
                    }
                    else
                    {
                        foreach (Stmt st in sec.Body.S) PrintStmt(sb, st, isFloat, indent + 2);
                        PrintStmt(sb, sec.End, isFloat, indent + 2);
                    }
                }
                sb.Append(pad).Append("}\n");
                break;
            case RawStmt raw: sb.Append(pad).Append(raw.Text).Append('\n'); break;
            case TupleDecl or TupleAssign or TupleFrom or ForeachTuple or LocalFunction:
                PrintTupleStmt(sb, s, isFloat, indent);
                break;
            default:
                if (PrintBufferStmt(sb, s, isFloat, pad)) break;
                throw new InvalidOperationException(s.ToString());
        }
    }
}

public static class MathFunctions
{
    public static readonly string[] Unary1 =
    {
        "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh",
        "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Abs", "Floor", "Ceiling", "Round", "Truncate", "Sign",
    };
    public static readonly string[] Binary2 = { "Atan2", "Pow", "Max", "Min", "Log", "CopySign", "ScaleB" };

    /// <summary>Static methods of double and float only (generic math), not of Math and MathF.</summary>
    public static readonly string[] NumberTypeOnly = { "Hypot", "LogP1", "ExpM1" };

    /// <summary>Elements of a tuple-valued function, printed as <c>Math.SinCos(x).Sin</c>.</summary>
    public static readonly string[] TupleElements = { "SinCos.Sin", "SinCos.Cos" };

    public static bool IsMath(string fn) =>
        fn is "FusedMultiplyAdd" or "Clamp" or "ReciprocalSqrtEstimate" or "SinCos" || Unary1.Contains(fn) || Binary2.Contains(fn) || NumberTypeOnly.Contains(fn) || TupleElements.Contains(fn);
}
