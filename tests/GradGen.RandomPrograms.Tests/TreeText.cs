using System.Globalization;
using System.Text;

namespace GradGen.RandomPrograms;

/// <summary>A text form of the program tree (s-expressions) that round-trips exactly: what regression files store.</summary>
public static partial class TreeText
{
    private static string D(double v) => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture);
    private static double PD(string s) => BitConverter.Int64BitsToDouble(long.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    public static string Write(Prog p)
    {
        var sb = new StringBuilder();
        sb.Append("(prog ").Append(p.IsFloat ? "float" : "double");
        if (p.Forward) sb.Append(" forward");
        if (p.Generic) sb.Append(" generic");
        if (p.Hessian) sb.Append(" hessian");
        if (p.Model is { } model) sb.Append(" (model ").Append(model.Kind).Append(' ').Append(model.InnerKind).Append(' ').Append(model.InnerCount.ToString(CultureInfo.InvariantCulture)).Append(model.In ? " in)" : ")");
        if (p.Vector is { } vector)
        {
            sb.Append(" (vector (names");
            foreach (string? n in vector.Names) sb.Append(' ').Append(n ?? "-");
            sb.Append(") (seeds");
            foreach (double x in vector.Seeds) sb.Append(' ').Append(D(x));
            sb.Append("))");
        }
        foreach (Method m in p.Methods) { sb.Append(' '); W(sb, m); }
        return sb.Append(')').ToString();
    }

    private static void W(StringBuilder sb, Method m)
    {
        sb.Append("(method ").Append(m.Name).Append(m.ExprBodied ? " expr" : " block").Append(" (params");
        foreach (Param p in m.Params)
            sb.Append(" (p ").Append(TypeAtom(p.Type)).Append(' ').Append(p.Name).Append(p.In ? " in" : " val").Append(p.NoDeriv ? " nd " : " d ").Append(p.Value).Append(')');
        sb.Append(") ");
        W(sb, m.Body);
        sb.Append(')');
    }

    /// <summary>A parameter's type as one atom: a tuple type's spaces and parentheses (<c>(int K, double V)[]</c>) written as
    /// <c>{int_K,_double_V}[]</c>; other types as they are.</summary>
    private static string TypeAtom(string type) => type.Replace(" ", "_").Replace("(", "{").Replace(")", "}");

    private static string TypeOfAtom(string atom) => atom.Replace("_", " ").Replace("{", "(").Replace("}", ")");

    private static void W(StringBuilder sb, Block b)
    {
        sb.Append("(block");
        foreach (Stmt s in b.S) { sb.Append(' '); W(sb, s); }
        sb.Append(')');
    }

    private static void W(StringBuilder sb, Stmt s)
    {
        switch (s)
        {
            case Decl d: sb.Append("(decl ").Append(d.Type).Append(' ').Append(d.Name).Append(' '); W(sb, d.Init); sb.Append(')'); break;
            case Assign a: sb.Append("(asg ").Append(a.Op).Append(' '); W(sb, a.Target); if (a.Value is not null) { sb.Append(' '); W(sb, a.Value); } sb.Append(')'); break;
            case If i: sb.Append("(if "); W(sb, i.C); sb.Append(' '); W(sb, i.Then); if (i.Else is not null) { sb.Append(' '); W(sb, i.Else); } sb.Append(')'); break;
            case For f: sb.Append("(for ").Append(f.CType).Append(' ').Append(f.V).Append(f.Down ? " down " : " up "); W(sb, f.Init); sb.Append(' '); W(sb, f.Cond); sb.Append(' '); W(sb, f.Body); sb.Append(')'); break;
            case While w: sb.Append("(while "); W(sb, w.C); sb.Append(' '); W(sb, w.Body); sb.Append(')'); break;
            case DoWhile d: sb.Append("(do "); W(sb, d.Body); sb.Append(' '); W(sb, d.C); sb.Append(')'); break;
            case Foreach f: sb.Append("(foreach ").Append(f.Type).Append(' ').Append(f.V).Append(' ').Append(f.Arr).Append(' '); W(sb, f.Body); sb.Append(')'); break;
            case TupleSet dc:
                sb.Append(dc.Declare ? "(tuple decl (targets" : "(tuple asg (targets");
                foreach (Expr t in dc.Targets) { sb.Append(' '); W(sb, t); }
                sb.Append(") (values");
                foreach (Expr v in dc.Values) { sb.Append(' '); W(sb, v); }
                sb.Append("))");
                break;
            case TupleDecl td:
                sb.Append("(tdecl ").Append(td.Name).Append(td.Typed ? " typed (types" : " var (types");
                foreach (string ty in td.Types) sb.Append(' ').Append(ty);
                sb.Append(") (names");
                foreach (string? n in td.Names) sb.Append(' ').Append(n ?? "-");
                sb.Append(") "); W(sb, td.Init); sb.Append(')');
                break;
            case LocalFunction lf: sb.Append(lf.Static ? "(localfn static " : "(localfn capturing "); W(sb, lf.M); sb.Append(')'); break;
            case TupleAssign ta: sb.Append("(tasg ").Append(ta.Name).Append(' '); W(sb, ta.Value); sb.Append(')'); break;
            case TupleFrom tf:
                sb.Append(tf.Declare ? "(tfrom decl " : "(tfrom asg ").Append(tf.Source).Append(" (targets");
                foreach (Expr t in tf.Targets) { sb.Append(' '); W(sb, t); }
                sb.Append("))");
                break;
            case ForeachTuple ft:
                sb.Append("(tforeach ").Append(ft.Arr).Append(ft.Whole ? " whole (vars" : " parts (vars");
                foreach (string v in ft.Vars) sb.Append(' ').Append(v);
                sb.Append(") "); W(sb, ft.Body); sb.Append(')');
                break;
            case Break: sb.Append("(break)"); break;
            case Continue: sb.Append("(continue)"); break;
            case Return r: sb.Append("(ret "); W(sb, r.E); sb.Append(')'); break;
            case Switch sw:
                sb.Append("(switch "); W(sb, sw.E);
                foreach (Section sec in sw.Sections)
                {
                    sb.Append(sec.Braced ? " (section braced (labels" : " (section plain (labels");
                    foreach (CaseLabel l in sec.Labels)
                    {
                        if (l.P is null) { sb.Append(" (default)"); continue; }
                        sb.Append(" (case "); W(sb, l.P);
                        if (l.When is not null) { sb.Append(' '); W(sb, l.When); }
                        sb.Append(')');
                    }
                    sb.Append(") "); W(sb, sec.Body); sb.Append(' '); W(sb, sec.End); sb.Append(')');
                }
                sb.Append(')');
                break;
            default:
                if (WBuffers(sb, s)) break;
                throw new InvalidOperationException();
        }
    }

    private static void W(StringBuilder sb, Pat p)
    {
        switch (p)
        {
            case PDiscard: sb.Append("(pany)"); break;
            case PConst c: sb.Append("(pconst "); W(sb, c.C); sb.Append(')'); break;
            case PRel r: sb.Append("(prel ").Append(r.Op).Append(' '); W(sb, r.C); sb.Append(')'); break;
            case PNot n: sb.Append("(pnot "); W(sb, n.P); sb.Append(')'); break;
            case PBin b: sb.Append(b.Op == "and" ? "(pand " : "(por "); W(sb, b.L); sb.Append(' '); W(sb, b.R); sb.Append(')'); break;
            default: throw new InvalidOperationException();
        }
    }

    private static void W(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case Lit l: sb.Append("(lit ").Append(D(l.V)).Append(')'); break;
            case TupleLit tl:
                sb.Append("(tlit (names");
                foreach (string? n in tl.Names) sb.Append(' ').Append(n ?? "-");
                sb.Append(')');
                foreach (Expr v in tl.Values) { sb.Append(' '); W(sb, v); }
                sb.Append(')');
                break;
            case TupleVar tv: sb.Append("(tvar ").Append(tv.Name).Append(')'); break;
            case TupleRow tr: sb.Append("(trow ").Append(tr.Arr).Append(' '); W(sb, tr.I); sb.Append(')'); break;
            case TupleElem te: sb.Append("(tel ").Append(te.Tuple).Append(' ').Append(te.Member).Append(')'); break;
            case TupleDataElem de: sb.Append("(tdx ").Append(de.Arr).Append(' '); W(sb, de.I); sb.Append(' ').Append(de.Member).Append(')'); break;
            case IntLit i: sb.Append("(int ").Append(i.V.ToString(CultureInfo.InvariantCulture)).Append(')'); break;
            case Var v: sb.Append("(var ").Append(v.Name).Append(')'); break;
            case Const c: sb.Append("(const ").Append(c.Name).Append(')'); break;
            case Index ix: sb.Append("(idx ").Append(ix.Arr).Append(' '); W(sb, ix.I); sb.Append(')'); break;
            case Reduce r: sb.Append("(reduce ").Append(r.Fn).Append(' ').Append(r.Arr).Append(')'); break;
            case AssignExpr a: sb.Append("(asx ").Append(a.Op).Append(' '); W(sb, a.Target); if (a.Value is not null) { sb.Append(' '); W(sb, a.Value); } sb.Append(')'); break;
            case Row r: sb.Append("(row ").Append(r.Arr).Append(' '); W(sb, r.I); sb.Append(')'); break;
            case JIndex j: sb.Append("(jidx ").Append(j.Arr).Append(' '); W(sb, j.I); sb.Append(' '); W(sb, j.J); sb.Append(')'); break;
            case RowLen r: sb.Append("(rowlen ").Append(r.Arr).Append(' '); W(sb, r.I); sb.Append(')'); break;
            case MIndex m: sb.Append("(midx ").Append(m.Arr).Append(' '); W(sb, m.I); sb.Append(' '); W(sb, m.J); sb.Append(')'); break;
            case MLen m: sb.Append("(mlen ").Append(m.Arr).Append(' ').Append(m.Dim.ToString(CultureInfo.InvariantCulture)).Append(')'); break;
            case Len l: sb.Append("(len ").Append(l.Arr).Append(')'); break;
            case ToInt t: sb.Append("(toint "); W(sb, t.E); sb.Append(')'); break;
            case Unary u: sb.Append("(un ").Append(u.Op).Append(' '); W(sb, u.E); sb.Append(')'); break;
            case Bin b: sb.Append("(bin ").Append(b.Op).Append(' '); W(sb, b.L); sb.Append(' '); W(sb, b.R); sb.Append(')'); break;
            case Call c: sb.Append("(call ").Append(c.Fn); foreach (Expr a in c.Args) { sb.Append(' '); W(sb, a); } sb.Append(')'); break;
            case Cond c: sb.Append("(cond "); W(sb, c.C); sb.Append(' '); W(sb, c.T); sb.Append(' '); W(sb, c.F); sb.Append(')'); break;
            case NewArr n: sb.Append(n.Stack ? "(stackalloc " : "(new ").Append(n.Elem).Append(' '); W(sb, n.Size); sb.Append(')'); break;
            case Is i: sb.Append("(is "); W(sb, i.E); sb.Append(' '); W(sb, i.P); sb.Append(')'); break;
            case SwitchExpr sw:
                sb.Append("(swx "); W(sb, sw.E);
                foreach (Arm a in sw.Arms)
                {
                    // (arm P Value) or (arm P Value When): the guard last, so that it is optional.
                    sb.Append(" (arm "); W(sb, a.P); sb.Append(' '); W(sb, a.Value);
                    if (a.When is not null) { sb.Append(' '); W(sb, a.When); }
                    sb.Append(')');
                }
                sb.Append(')');
                break;
            case Query q: WQuery(sb, q); break;
            default: throw new InvalidOperationException();
        }
    }

    // ---- reading ----

    internal sealed class Node
    {
        public string? Atom;
        public List<Node> Items = new();
        public string Head => Items[0].Atom!;
        public Node this[int i] => Items[i];
        public string A(int i) => Items[i].Atom!;
    }

    internal static Node ParseNode(string s, ref int pos)
    {
        while (char.IsWhiteSpace(s[pos])) pos++;
        if (s[pos] == '(')
        {
            pos++;
            var n = new Node();
            while (true)
            {
                while (char.IsWhiteSpace(s[pos])) pos++;
                if (s[pos] == ')') { pos++; return n; }
                n.Items.Add(ParseNode(s, ref pos));
            }
        }
        int start = pos;
        while (!char.IsWhiteSpace(s[pos]) && s[pos] != '(' && s[pos] != ')') pos++;
        return new Node { Atom = s[start..pos] };
    }

    public static Prog Read(string text)
    {
        int pos = 0;
        Node n = ParseNode(text, ref pos);
        if (n.Head != "prog") throw new FormatException("not a program");
        int first = 2;
        bool forward = n.Items.Count > first && n.Items[first].Atom == "forward";
        if (forward) first++;
        bool generic = n.Items.Count > first && n.Items[first].Atom == "generic";
        if (generic) first++;
        bool hessian = n.Items.Count > first && n.Items[first].Atom == "hessian";
        if (hessian) first++;
        ModelSpec? model = null;
        if (n.Items.Count > first && n.Items[first].Atom is null && n.Items[first].Head == "model")
        {
            Node m = n.Items[first++];
            model = new ModelSpec(m.A(1), m.A(2), int.Parse(m.A(3), CultureInfo.InvariantCulture)) { In = m.Items.Count > 4 && m.A(4) == "in" };
        }
        VectorSpec? vector = null;
        if (n.Items.Count > first && n.Items[first].Atom is null && n.Items[first].Head == "vector")
        {
            Node v = n.Items[first++];
            vector = new VectorSpec(v[1].Items.Skip(1).Select(x => x.Atom == "-" ? null : x.Atom).ToArray(), v[2].Items.Skip(1).Select(x => PD(x.Atom!)).ToArray());
        }
        return new Prog(n.A(1) == "float", n.Items.Skip(first).Select(RMethod).ToArray()) { Forward = forward, Generic = generic, Hessian = hessian, Model = model, Vector = vector };
    }

    private static Method RMethod(Node n) =>
        new(n.A(1),
            n[3].Items.Skip(1).Select(p => new Param(TypeOfAtom(p.A(1)), p.A(2), p.A(3) == "in", p.A(4) == "nd", int.Parse(p.A(5), CultureInfo.InvariantCulture))).ToArray(),
            RBlock(n[4]), n.A(2) == "expr");

    private static Block RBlock(Node n) => new(n.Items.Skip(1).Select(RStmt).ToArray());

    private static Stmt RStmt(Node n) => n.Head switch
    {
        "decl" => new Decl(n.A(1), n.A(2), RExpr(n[3])),
        "asg" => new Assign(RExpr(n[2]), n.A(1), n.Items.Count > 3 ? RExpr(n[3]) : null),
        "if" => new If(RExpr(n[1]), RBlock(n[2]), n.Items.Count > 3 ? RBlock(n[3]) : null),
        "for" => new For(n.A(1), n.A(2), RExpr(n[4]), RExpr(n[5]), n.A(3) == "down", RBlock(n[6])),
        "while" => new While(RExpr(n[1]), RBlock(n[2])),
        "do" => new DoWhile(RBlock(n[1]), RExpr(n[2])),
        "foreach" => new Foreach(n.A(1), n.A(2), n.A(3), RBlock(n[4])),
        "tuple" => new TupleSet(n.A(1) == "decl", n[2].Items.Skip(1).Select(RExpr).ToArray(), n[3].Items.Skip(1).Select(RExpr).ToArray()),
        "tdecl" => new TupleDecl(n.A(1), n.A(2) == "typed", n[3].Items.Skip(1).Select(x => x.Atom!).ToArray(),
            n[4].Items.Skip(1).Select(x => x.Atom == "-" ? null : x.Atom).ToArray(), RExpr(n[5])),
        "tasg" => new TupleAssign(n.A(1), RExpr(n[2])),
        "localfn" => new LocalFunction(RMethod(n[2]), n.A(1) == "static"),
        "tfrom" => new TupleFrom(n.A(1) == "decl", n[3].Items.Skip(1).Select(RExpr).ToArray(), n.A(2)),
        "tforeach" => new ForeachTuple(n.A(1), n.A(2) == "whole", n[3].Items.Skip(1).Select(x => x.Atom!).ToArray(), RBlock(n[4])),
        "break" => new Break(),
        "continue" => new Continue(),
        "ret" => new Return(RExpr(n[1])),
        "switch" => new Switch(RExpr(n[1]), n.Items.Skip(2).Select(RSection).ToArray()),
        _ => RBuffers(n) ?? throw new FormatException(n.Head),
    };

    private static Section RSection(Node n) =>
        new(n[2].Items.Skip(1).Select(l => l.Head == "default" ? new CaseLabel(null, null) : new CaseLabel(RPat(l[1]), l.Items.Count > 2 ? RExpr(l[2]) : null)).ToArray(),
            RBlock(n[3]), n.A(1) == "braced", RStmt(n[4]));

    private static Pat RPat(Node n) => n.Head switch
    {
        "pany" => new PDiscard(),
        "pconst" => new PConst(RExpr(n[1])),
        "prel" => new PRel(n.A(1), RExpr(n[2])),
        "pnot" => new PNot(RPat(n[1])),
        "pand" => new PBin("and", RPat(n[1]), RPat(n[2])),
        "por" => new PBin("or", RPat(n[1]), RPat(n[2])),
        _ => throw new FormatException(n.Head),
    };

    private static Expr RExpr(Node n) => n.Head switch
    {
        "lit" => new Lit(PD(n.A(1))),
        "tlit" => new TupleLit(n.Items.Skip(2).Select(RExpr).ToArray(), n[1].Items.Skip(1).Select(x => x.Atom == "-" ? null : x.Atom).ToArray()),
        "tvar" => new TupleVar(n.A(1)),
        "trow" => new TupleRow(n.A(1), RExpr(n[2])),
        "tel" => new TupleElem(n.A(1), n.A(2)),
        "tdx" => new TupleDataElem(n.A(1), RExpr(n[2]), n.A(3)),
        "int" => new IntLit(int.Parse(n.A(1), CultureInfo.InvariantCulture)),
        "var" => new Var(n.A(1)),
        "const" => new Const(n.A(1)),
        "idx" => new Index(n.A(1), RExpr(n[2])),
        "len" => new Len(n.A(1)),
        "row" => new Row(n.A(1), RExpr(n[2])),
        "jidx" => new JIndex(n.A(1), RExpr(n[2]), RExpr(n[3])),
        "rowlen" => new RowLen(n.A(1), RExpr(n[2])),
        "midx" => new MIndex(n.A(1), RExpr(n[2]), RExpr(n[3])),
        "mlen" => new MLen(n.A(1), int.Parse(n.A(2), CultureInfo.InvariantCulture)),
        "asx" => new AssignExpr(RExpr(n[2]), n.A(1), n.Items.Count > 3 ? RExpr(n[3]) : null),
        "reduce" => new Reduce(n.A(1), n.A(2)),
        "toint" => new ToInt(RExpr(n[1])),
        "un" => new Unary(n.A(1), RExpr(n[2])),
        "bin" => new Bin(n.A(1), RExpr(n[2]), RExpr(n[3])),
        "call" => new Call(n.A(1), n.Items.Skip(2).Select(RExpr).ToArray()),
        "cond" => new Cond(RExpr(n[1]), RExpr(n[2]), RExpr(n[3])),
        "new" => new NewArr(n.A(1), RExpr(n[2]), false),
        "stackalloc" => new NewArr(n.A(1), RExpr(n[2]), true),
        "is" => new Is(RExpr(n[1]), RPat(n[2])),
        "swx" => new SwitchExpr(RExpr(n[1]), n.Items.Skip(2).Select(a => new Arm(RPat(a[1]), a.Items.Count > 3 ? RExpr(a[3]) : null, RExpr(a[2]))).ToArray()),
        "query" => RQuery(n),
        _ => throw new FormatException(n.Head),
    };

    /// <summary>A method's tree as nodes: <c>(method Name expr|block (params ...) (block ...))</c>.</summary>
    internal static Node MethodNode(Method m)
    {
        var sb = new StringBuilder();
        W(sb, m);
        int pos = 0;
        return ParseNode(sb.ToString(), ref pos);
    }

    internal static Node VarNode(string name) => new() { Items = { new Node { Atom = "var" }, new Node { Atom = name } } };

    internal static Stmt ReadStmt(Node n) => RStmt(n);

    public static string WriteDoubles(IEnumerable<double> xs) => string.Join(" ", xs.Select(D));
    public static double[] ReadDoubles(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(PD).ToArray();
}
