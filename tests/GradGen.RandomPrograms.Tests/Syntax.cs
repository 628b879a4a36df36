using System.Globalization;
using System.Text;

namespace GradGen.RandomPrograms;

// Tuple locals, arrays of tuples (data) and the other C# integer types: the tree, the grammar, the printer and the
// interpreter of these constructs, kept together here. A tuple local's elements live in the interpreter's environment
// as "t.0", "t.1", ...; the element names and types are the declaration's.

/// <summary>A tuple literal, <c>(dx: e1, e2)</c>: Names[i] null for an unnamed element.</summary>
public sealed record TupleLit(Expr[] Values, string?[] Names) : Expr
{
    public bool Equals(TupleLit? o) => o is not null && Values.SequenceEqual(o.Values) && Names.SequenceEqual(o.Names);
    public override int GetHashCode() => Values.Length;
}
/// <summary>A tuple local read whole: <c>t</c> (only as a tuple's value).</summary>
public sealed record TupleVar(string Name) : Expr;
/// <summary>A row of a tuple-data parameter read whole, <c>td[I]</c> (only as a tuple's value).</summary>
public sealed record TupleRow(string Arr, Expr I) : Expr;
/// <summary>An element of a tuple local, <c>t.dx</c> or <c>t.Item2</c>: a value or an assignment target.</summary>
public sealed record TupleElem(string Tuple, string Member) : Expr;
/// <summary>An element of a row of a tuple-data parameter, <c>td[I].V</c> or <c>td[I].Item1</c>.</summary>
public sealed record TupleDataElem(string Arr, Expr I, string Member) : Expr;

/// <summary><c>(T dx, int) t = Init;</c> (Typed) or <c>var t = Init;</c>: Init a TupleLit, a TupleVar or a TupleRow; Types
/// "T" (the program's real type) or "int"; Names the elements' names (null: ItemN).</summary>
public sealed record TupleDecl(string Name, bool Typed, string[] Types, string?[] Names, Expr Init) : Stmt
{
    public bool Equals(TupleDecl? o) => o is not null && Name == o.Name && Typed == o.Typed && Types.SequenceEqual(o.Types) && Names.SequenceEqual(o.Names) && Init.Equals(o.Init);
    public override int GetHashCode() => Name.GetHashCode();
}
/// <summary><c>t = Value;</c>, Value a TupleLit or a TupleVar: every element evaluated before any is assigned.</summary>
public sealed record TupleAssign(string Name, Expr Value) : Stmt;
/// <summary><c>var (a, _) = t;</c> (Declare) or <c>(a, _) = t;</c>: Targets are Var (a real local or parameter, or "_").</summary>
public sealed record TupleFrom(bool Declare, Expr[] Targets, string Source) : Stmt
{
    public bool Equals(TupleFrom? o) => o is not null && Declare == o.Declare && Targets.SequenceEqual(o.Targets) && Source == o.Source;
    public override int GetHashCode() => Targets.Length;
}
/// <summary>A local function declared at the top of F: <c>static T L0(T u1) =&gt; e;</c> (Static) or one that reads F's
/// parameters, expression- or block-bodied; F calls it by name (GradGen writes its body where it is called).</summary>
public sealed record LocalFunction(Method M, bool Static) : Stmt;

/// <summary><c>foreach (var (k, v) in td)</c> (Vars the element names, "_" a discard) or <c>foreach (var r in td)</c>
/// (Whole, Vars = [r]) over a tuple-data parameter.</summary>
public sealed record ForeachTuple(string Arr, bool Whole, string[] Vars, Block Body) : Stmt
{
    public bool Equals(ForeachTuple? o) => o is not null && Arr == o.Arr && Whole == o.Whole && Vars.SequenceEqual(o.Vars) && Body.Equals(o.Body);
    public override int GetHashCode() => Vars.Length;
}

public sealed partial class ProgramGenerator
{
    private static readonly string[][] ElementNames = { new[] { "dx", "dy" }, new[] { "lo", "hi" }, new[] { "p", "q" }, new[] { "val", "n" } };

    /// <summary>The type of the int parameter n: mostly int, sometimes one of the other integer types.</summary>
    private string IntParamType() => P(70) ? "int" : Pick(new[] { "byte", "short", "ushort", "sbyte", "uint" });

    /// <summary>A tuple-data parameter <c>(int K, T V)[] td</c>: fixed rows (not part of the point).</summary>
    private Param TupleDataParam(Scope scope)
    {
        string t = _f ? "float" : "double";
        int rows = Int(1, 3), kRange = Int(1, 3);
        scope.Syms.Add(new Sym { Name = "td", Kind = "tdata", Len = rows, KRange = kRange });
        return new Param("(int K, " + t + " V)[]", "td", false, false, rows * 10 + kRange);
    }

    private static string MemberOf(Sym tuple, int i) => tuple.TupleNames![i];

    /// <summary>A tuple local's element to read (a real one, or an int one in real arithmetic), or an element of a row of
    /// tuple data; null when there is none in scope.</summary>
    private Expr? TupleLeaf(Scope sc)
    {
        var tuples = sc.Syms.Where(s => s.Kind == "tup").ToList();
        Sym? data = sc.Syms.FirstOrDefault(s => s.Kind == "tdata");
        if (tuples.Count == 0 && data is null) return null;
        if (data is not null && (tuples.Count == 0 || P(30)))
        {
            Expr v = new TupleDataElem(data.Name, IndexIn(sc, data.Len), P(60) ? "V" : "Item2");
            return P(75) ? v : new Bin("*", new TupleDataElem(data.Name, IndexIn(sc, data.Len), P(50) ? "K" : "Item1"), Lit(Pick(Lits)));
        }
        Sym tup = Pick(tuples);
        int i = Int(0, tup.TupleTypes!.Length - 1);
        string member = P(30) ? "Item" + (i + 1) : MemberOf(tup, i);
        Expr e = new TupleElem(tup.Name, member);
        return tup.TupleTypes[i] == "int" ? new Bin("*", e, Lit(Pick(Lits))) : e;
    }

    /// <summary>A statement on tuple locals: a declaration (from a literal, named or typed, a copy of another tuple local,
    /// or a row of tuple data), an element assigned, the whole tuple assigned (a literal, a swap, another tuple local),
    /// or a deconstruction; null when the one drawn has nothing to work on.</summary>
    private Stmt? TupleLocalStatement(Scope sc, List<Sym> reals, bool noDeclaration = false)
    {
        string t = _f ? "float" : "double";
        var tuples = sc.Syms.Where(s => s.Kind == "tup").ToList();
        var assignable = tuples.Where(s => s.Assignable).ToList();
        Sym? data = sc.Syms.FirstOrDefault(s => s.Kind == "tdata");
        int roll = noDeclaration ? Int(15, 99) : Int(0, 99);
        if (roll < 15 || tuples.Count == 0)
        {
            string name = Fresh("q");
            Expr init;
            string[] types;
            string[] names;
            bool typed = false;
            if (data is not null && P(20))
            {
                // var q = td[i]; a copy of a row of data.
                init = new TupleRow(data.Name, IndexIn(sc, data.Len));
                types = new[] { "int", "T" };
                names = new[] { "K", "V" };
            }
            else if (tuples.Count > 0 && P(20))
            {
                // var q = u; a copy, with u's names and types.
                Sym u = Pick(tuples);
                init = new TupleVar(u.Name);
                types = u.TupleTypes!;
                names = u.TupleNames!;
            }
            else
            {
                types = P(25) ? new[] { "T", "int" } : new[] { "T", "T" };
                string[] chosen = Pick(ElementNames);
                bool named = P(60);
                typed = P(40);
                var values = types.Select(ty => ty == "int" ? (Expr)new IntLit(Int(0, 3)) : P(10) ? Lit(Pick(Lits)) : RealExpr(sc, 2)).ToArray();
                string?[] literalNames = named && !typed ? chosen : new string?[types.Length];
                init = new TupleLit(values, literalNames);
                names = named ? chosen : types.Select((_, k) => "Item" + (k + 1)).ToArray();
            }
            sc.Syms.Add(new Sym { Name = name, Kind = "tup", Assignable = true, TupleTypes = types, TupleNames = names });
            var declaration = new TupleDecl(name, typed, types, names.Select(n => n.StartsWith("Item", StringComparison.Ordinal) ? null : n).ToArray(), init);
            // Often used right away: an element assigned, the tuple assigned whole, deconstructed.
            if (!noDeclaration && P(50) && TupleLocalStatement(sc, reals, noDeclaration: true) is { } next) return new PendingMany(new[] { declaration, next });
            return declaration;
        }
        Sym tup = tuples[Int(0, tuples.Count - 1)];
        int count = tup.TupleTypes!.Length;
        if (roll < 45 && assignable.Count > 0)
        {
            // q.dx = e, q.Item1 += e, q.dx *= c, q.dx++ on a real element.
            Sym a = Pick(assignable);
            int[] realElements = Enumerable.Range(0, a.TupleTypes!.Length).Where(k => a.TupleTypes[k] == "T").ToArray();
            int k = Pick(realElements);
            var target = new TupleElem(a.Name, P(30) ? "Item" + (k + 1) : MemberOf(a, k));
            string op = Pick(new[] { "=", "=", "+=", "-=", "*=", "++" });
            if (op == "++") return new Assign(target, "++", null);
            return new Assign(target, op, op == "*=" ? Lit(Pick(Lits)) : RealExpr(sc, 2));
        }
        if (roll < 75 && assignable.Count > 0)
        {
            Sym a = Pick(assignable);
            string[] types = a.TupleTypes!;
            var sources = tuples.Where(u => u.Name != a.Name && u.TupleTypes!.Length == types.Length
                && types.Select((ty, k) => ty == "T" || u.TupleTypes[k] == "int").All(ok => ok)).ToList();
            if (sources.Count > 0 && P(25)) return new TupleAssign(a.Name, new TupleVar(Pick(sources).Name));
            if (types.All(ty => ty == "T") && P(35))
                return new TupleAssign(a.Name, new TupleLit(new Expr[] { new TupleElem(a.Name, MemberOf(a, 1)), new TupleElem(a.Name, "Item1") }, new string?[2]));
            var values = types.Select(ty => ty == "int" ? (Expr)new IntLit(Int(0, 3)) : P(10) ? Lit(Pick(Lits)) : RealExpr(sc, 2)).ToArray();
            return new TupleAssign(a.Name, new TupleLit(values, new string?[types.Length]));
        }
        {
            // var (a, _) = q; or (x, _) = q; an int element always to a discard.
            bool declare = reals.Count == 0 || P(50);
            var targets = new List<Expr>();
            var declared = new List<string>();
            for (int k = 0; k < count; k++)
            {
                if (tup.TupleTypes[k] == "int" || k > 0 && P(20)) { targets.Add(new Var("_")); continue; }
                if (declare) { string n = Fresh("t"); declared.Add(n); targets.Add(new Var(n)); }
                else targets.Add(new Var(Pick(reals).Name));
            }
            // The same variable twice in one deconstruction is an error of its own (GG0012): keep one.
            if (!declare && targets.OfType<Var>().Where(v => v.Name != "_").GroupBy(v => v.Name).Any(g => g.Count() > 1))
                targets = targets.Select((x, k) => k == 0 ? x : new Var("_")).ToList();
            if (targets.All(x => x is Var { Name: "_" })) return null;
            foreach (string n in declared) sc.Syms.Add(new Sym { Name = n, Kind = "real", Assignable = true });
            return new TupleFrom(declare, targets.ToArray(), tup.Name);
        }
    }

    private readonly HashSet<string> _staticLocalFunctions = new();

    /// <summary>One or two local functions for F: static, or reading F's real parameters (not <c>in</c> ones, which a local
    /// function cannot capture) and its arrays (not spans); each may call F's callees and the ones declared before it.</summary>
    private List<Stmt> LocalFunctions(Scope scope)
    {
        string t = _f ? "float" : "double";
        var r = new List<Stmt>();
        int count = Int(1, 2);
        for (int j = 0; j < count; j++)
        {
            bool isStatic = P(50);
            // A static local function calls only static ones (a capturing one would capture through it: CS8421).
            var sc = new Scope { Callees = scope.Callees, LocalFunctions = scope.LocalFunctions.Where(f => !isStatic || _staticLocalFunctions.Contains(f.Name)).ToList() };
            if (!isStatic)
                foreach (Sym s in scope.Syms.Where(s => s.Kind == "real" && s.Assignable || s.Kind == "arr" && !s.IsSpan && !s.Name.StartsWith('w') || s.Kind is "int" or "jag" or "tdata"))
                    sc.Syms.Add(new Sym { Name = s.Name, Kind = s.Kind, Len = s.Len, Cols = s.Cols, KRange = s.KRange, Lo = s.Lo, Hi = s.Hi, IntType = s.IntType, Assignable = false });
            var ps = new List<Param>();
            int np = Int(1, 2);
            for (int i = 0; i < np; i++)
            {
                string u = Fresh("u");
                ps.Add(new Param(t, u, false, false, 0));
                sc.Syms.Add(new Sym { Name = u, Kind = "real", Assignable = true });
            }
            Block body = P(50) ? new Block(new Stmt[] { new Return(RealExpr(sc, 3)) }) : Body(sc, 1);
            var m = new Method(Fresh("L"), ps.ToArray(), body, body.S.Length == 1 && P(70));
            scope.LocalFunctions.Add(m);
            if (isStatic) _staticLocalFunctions.Add(m.Name);
            r.Add(new LocalFunction(m, isStatic));
        }
        return r;
    }

    /// <summary>A call of one of F's local functions (never under ?:, &amp;&amp; or ||: GradGen writes its body before the statement).</summary>
    private Expr LocalFunctionCall(Scope sc, int depth)
    {
        Method m = Pick(sc.LocalFunctions);
        return new Call(m.Name, m.Params.Select(_ => RealExpr(sc, depth)).ToArray());
    }

    /// <summary><c>foreach (var (k, v) in td)</c> (k an int counter of the range of K, v a real) or <c>foreach (var r in td)</c>.</summary>
    private Stmt ForeachTupleData(Scope inner, Sym data, int maxLoopDepth)
    {
        inner.CanBreak = inner.CanContinue = true;
        if (P(35))
        {
            string r = Fresh("r");
            inner.Syms.Add(new Sym { Name = r, Kind = "tup", Assignable = false, TupleTypes = new[] { "int", "T" }, TupleNames = new[] { "K", "V" } });
            return new ForeachTuple(data.Name, true, new[] { r }, LoopBody(inner, maxLoopDepth));
        }
        string k = P(25) ? "_" : Fresh("k"), v = Fresh("v");
        if (k != "_") inner.Syms.Add(new Sym { Name = k, Kind = "int", Lo = 0, Hi = data.KRange });
        inner.Syms.Add(new Sym { Name = v, Kind = "real", Assignable = false });
        return new ForeachTuple(data.Name, false, new[] { k, v }, LoopBody(inner, maxLoopDepth));
    }

    /// <summary><c>short c = 2; c += 1; c++; T t = e * c;</c> with a short, ushort, byte or sbyte c (computed in int and
    /// converted back), never below 0; c is not put in scope.</summary>
    private Stmt SmallIntegerStatement(Scope sc)
    {
        string t = _f ? "float" : "double";
        string type = Pick(new[] { "short", "ushort", "byte", "sbyte" });
        string c = Fresh("c");
        int value = Int(0, 3);
        var r = new List<Stmt> { new Decl(type, c, new IntLit(value)) };
        int steps = Int(1, 3);
        for (int j = 0; j < steps; j++)
        {
            switch (Int(0, 2))
            {
                case 0: r.Add(new Assign(new Var(c), "++", null)); value++; break;
                case 1: { int d = Int(1, 3); r.Add(new Assign(new Var(c), "+=", new IntLit(d))); value += d; break; }
                default: r.Add(new Assign(new Var(c), "*=", new IntLit(2))); value *= 2; break;
            }
        }
        string name = Fresh("t");
        r.Add(new Decl(t, name, P(50) ? new Bin("*", RealExpr(sc, 2), new Var(c)) : new Bin("+", new Var(c), RealExpr(sc, 2))));
        sc.Syms.Add(new Sym { Name = name, Kind = "real", Assignable = true });
        return new PendingMany(r.ToArray());
    }
}

public static partial class Printer
{
    private static string TypeText(string type, bool isFloat) => type == "T" ? (isFloat ? "float" : "double") : type;

    private static string PrintTupleExpr(Expr e, bool isFloat) => e switch
    {
        TupleLit l => "(" + string.Join(", ", l.Values.Select((v, i) => (l.Names[i] is { } n ? n + ": " : "") + Print(v, isFloat))) + ")",
        TupleVar v => v.Name,
        TupleRow r => r.Arr + "[" + Print(r.I, isFloat) + "]",
        TupleElem te => te.Tuple + "." + te.Member,
        TupleDataElem de => de.Arr + "[" + Print(de.I, isFloat) + "]." + de.Member,
        _ => throw new InvalidOperationException(e.ToString()),
    };

    private static void PrintTupleStmt(StringBuilder sb, Stmt s, bool isFloat, int indent)
    {
        string pad = new(' ', indent * 4);
        switch (s)
        {
            case TupleDecl d:
                sb.Append(pad);
                if (d.Typed) sb.Append('(').Append(string.Join(", ", d.Types.Select((ty, i) => TypeText(ty, isFloat) + (d.Names[i] is { } n ? " " + n : "")))).Append(')');
                else sb.Append("var");
                sb.Append(' ').Append(d.Name).Append(" = ").Append(Print(d.Init, isFloat)).Append(";\n");
                break;
            case TupleAssign a:
                sb.Append(pad).Append(a.Name).Append(" = ").Append(Print(a.Value, isFloat)).Append(";\n");
                break;
            case TupleFrom f:
                sb.Append(pad).Append(f.Declare ? "var (" : "(").Append(string.Join(", ", f.Targets.Select(x => Print(x, isFloat)))).Append(") = ").Append(f.Source).Append(";\n");
                break;
            case LocalFunction lf:
            {
                string t = isFloat ? "float" : "double";
                sb.Append(pad).Append(lf.Static ? "static " : "").Append(t).Append(' ').Append(lf.M.Name).Append('(')
                  .Append(string.Join(", ", lf.M.Params.Select(p => p.Type + " " + p.Name))).Append(')');
                if (lf.M.ExprBodied && lf.M.Body.S is [Return r]) sb.Append(" => ").Append(Print(r.E, isFloat)).Append(";\n");
                else { sb.Append('\n'); PrintBlock(sb, lf.M.Body, isFloat, indent); }
                break;
            }
            case ForeachTuple fe:
                sb.Append(pad).Append("foreach (var ").Append(fe.Whole ? fe.Vars[0] : "(" + string.Join(", ", fe.Vars) + ")").Append(" in ").Append(fe.Arr).Append(")\n");
                PrintBlock(sb, fe.Body, isFloat, indent);
                break;
        }
    }
}

public sealed partial class Interpreter
{
    /// <summary>F's local functions, by name, once their declarations have run.</summary>
    private readonly Dictionary<string, Method> _localFunctions = new();

    /// <summary>A call of a local function: its parameters, then the variables it reads from F (read at the call, as C# does).</summary>
    private Dual CallLocalFunction(Call c, Dictionary<string, Val> env)
    {
        Method m = _localFunctions[c.Fn];
        var args = c.Args.Select(a => Convert(Eval(a, env), K.Real)).ToArray();
        var frame = new Dictionary<string, Val>(env);
        for (int i = 0; i < args.Length; i++) frame[m.Params[i].Name] = args[i];
        return Invoke(m, frame);
    }

    /// <summary>Each tuple local's element names and types (names are unique in a program).</summary>
    private readonly Dictionary<string, (string[] Types, string[] Names)> _tuples = new();

    private static int ElementIndex(string member, string[] names) =>
        member.StartsWith("Item", StringComparison.Ordinal) && int.TryParse(member.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n - 1
            : Array.IndexOf(names, member);

    /// <summary>A tuple-data parameter: each row [K, V] as two constants (held like jagged data).</summary>
    private Val TupleData(Param p)
    {
        int rows = p.Value / 10, kRange = p.Value % 10;
        return Val.Jag(Enumerable.Range(0, rows).Select(j =>
        {
            var (k, v) = Param.TupleDataValue(j, kRange);
            return new[] { new Dual(k, null, null), new Dual(R(v), null, null) };
        }).ToArray());
    }

    private Dual[] DataRow(Val data, long i)
    {
        Dual[][] rows = data.J!;
        if (i < 0 || i >= rows.Length) throw new IndexOutOfRangeException("td[" + i + "]");
        return rows[i];
    }

    private Val EvalTupleExpr(Expr e, Dictionary<string, Val> env)
    {
        switch (e)
        {
            case TupleElem te:
            {
                int i = ElementIndex(te.Member, _tuples[te.Tuple].Names);
                return env[te.Tuple + "." + i];
            }
            case TupleDataElem de:
            {
                Dual[] row = DataRow(env[de.Arr], Eval(de.I, env).I);
                return de.Member is "K" or "Item1" ? Val.Int((long)row[0].V, false) : Val.Real(row[1]);
            }
            default: throw new InvalidOperationException(e.ToString());
        }
    }

    /// <summary>A tuple's elements, in order, as C# evaluates them (a literal left to right).</summary>
    private Val[] TupleValues(Expr e, Dictionary<string, Val> env) => e switch
    {
        TupleLit l => l.Values.Select(v => Eval(v, env)).ToArray(),
        TupleVar v => Enumerable.Range(0, _tuples[v.Name].Types.Length).Select(i => env[v.Name + "." + i]).ToArray(),
        TupleRow r => DataRow(env[r.Arr], Eval(r.I, env).I) is var row ? new[] { Val.Int((long)row[0].V, false), Val.Real(row[1]) } : throw new InvalidOperationException(),
        _ => throw new InvalidOperationException(e.ToString()),
    };

    private Val ToElement(Val v, string type) => Convert(v, type == "T" ? K.Real : K.Int);

    private Flow ExecTupleStmt(Stmt s, Dictionary<string, Val> env, ref Dual result)
    {
        switch (s)
        {
            case TupleDecl d:
            {
                Val[] values = TupleValues(d.Init, env);
                string[] names = d.Names.Select((n, i) => n ?? "Item" + (i + 1)).ToArray();
                _tuples[d.Name] = (d.Types, names);
                for (int i = 0; i < values.Length; i++) env[d.Name + "." + i] = ToElement(values[i], d.Types[i]);
                return Flow.Normal;
            }
            case TupleAssign a:
            {
                // Every value first, then the assignments: q = (q.Item2, q.Item1) swaps.
                Val[] values = TupleValues(a.Value, env);
                string[] types = _tuples[a.Name].Types;
                for (int i = 0; i < values.Length; i++) env[a.Name + "." + i] = ToElement(values[i], types[i]);
                return Flow.Normal;
            }
            case TupleFrom f:
            {
                Val[] values = TupleValues(new TupleVar(f.Source), env);
                for (int i = 0; i < f.Targets.Length; i++)
                {
                    if (f.Targets[i] is not Var { Name: not "_" } v) continue;
                    env[v.Name] = f.Declare ? values[i] : Convert(values[i], env[v.Name].Kind);
                }
                return Flow.Normal;
            }
            case LocalFunction lf:
                _localFunctions[lf.M.Name] = lf.M;
                return Flow.Normal;
            case ForeachTuple fe:
            {
                Dual[][] rows = env[fe.Arr].J!;
                if (fe.Whole) _tuples[fe.Vars[0]] = (new[] { "int", "T" }, new[] { "K", "V" });
                foreach (Dual[] row in rows)
                {
                    Val k = Val.Int((long)row[0].V, false), v = Val.Real(row[1]);
                    if (fe.Whole) { env[fe.Vars[0] + ".0"] = k; env[fe.Vars[0] + ".1"] = v; }
                    else
                    {
                        if (fe.Vars[0] != "_") env[fe.Vars[0]] = k;
                        if (fe.Vars[1] != "_") env[fe.Vars[1]] = v;
                    }
                    Flow fl = Exec(fe.Body, env, ref result);
                    if (fl == Flow.Break) break;
                    if (fl == Flow.Return) return fl;
                    Tick();
                }
                return Flow.Normal;
            }
            default: throw new InvalidOperationException(s.ToString());
        }
    }

    /// <summary><c>q.dx op= value</c> (or <c>q.dx++</c>) on a real element of a tuple local.</summary>
    private void AssignTupleElement(Assign a, TupleElem te, Dictionary<string, Val> env)
    {
        string key = te.Tuple + "." + ElementIndex(te.Member, _tuples[te.Tuple].Names);
        Val old = env[key];
        Val nv = a.Op == "++" ? Val.Real(Arith("+", old.D, new Dual(1, null, null))) : Compound(a.Op, () => old, a.Value!, env);
        env[key] = Convert(nv, old.Kind);
    }
}
