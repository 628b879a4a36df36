using System.Text;
using CsCheck;

namespace GradGen.RandomPrograms;

/// <summary>
/// The model form of a program (<see cref="Prog.Model"/>): the type F's packed parameters become. Kind is one of
/// <see cref="ModelForm.Kinds"/>; with InnerCount &gt; 0 the leading members sit in a nested type of kind InnerKind
/// (<c>p.Inner.A</c>), else InnerKind is "-".
/// </summary>
public sealed record ModelSpec(string Kind, string InnerKind, int InnerCount)
{
    /// <summary>F takes the model as an <c>in</c> parameter (where no local function or lambda reads it, which could not capture it).</summary>
    public bool In { get; init; }
}

/// <summary>A statement printed as given: a model local, which the tree holds as one real local per member.</summary>
public sealed record RawStmt(string Text) : Stmt;

/// <summary>How a model-form program prints, derived from its tree (so that a shrunk tree prints consistently).</summary>
public sealed class ModelLayout
{
    public required Prog Prog;
    public required ModelSpec Spec;

    /// <summary>F's parameters packed into the model, in F's order: member i is <see cref="Member"/>(i).</summary>
    public required string[] Packed;

    /// <summary>Where the model parameter stands in F's parameters: where the first packed one stood.</summary>
    public required int Position;

    /// <summary>Packed parameters F writes: copied into a local of that name at the top (<c>double x = p.A;</c>).</summary>
    public required HashSet<string> Written;

    /// <summary>The first of F's top-level statements that writes a packed parameter (int.MaxValue when none does).</summary>
    public required int FirstWrite;

    /// <summary>Callees that take the model whole, each with the number of leading parameters the model stands for.</summary>
    public required Dictionary<string, int> Callees;

    /// <summary>F takes the model <c>in</c>: drawn so, and no local function or lambda of F reads a packed parameter.</summary>
    public required bool In;

    public int Count => Packed.Length;

    /// <summary>How many leading members sit in the nested part (at least one member stays in the model itself).</summary>
    public int Inner => Spec.InnerCount <= 0 ? 0 : Math.Min(Spec.InnerCount, Count - 1);
    public string T => Prog.T;
    public static string Member(int i) => ((char)('A' + i)).ToString();

    /// <summary>Member i as read from the model: <c>Inner.A</c> or <c>B</c>.</summary>
    public string Path(int i) => i < Inner ? ModelForm.InnerMember + "." + Member(i) : Member(i);
}

/// <summary>
/// Model types (GradGen's "Model types"): in a share of the programs, F's differentiable real parameters (two or more, not
/// <c>in</c>, not <c>[NoDerivative]</c>) are packed into one parameter <c>p</c> of a type the program declares, a struct of
/// fields, a record struct, a readonly record struct, a class of auto-properties, a sealed record or a readonly struct with a
/// constructor, sometimes nesting a part (<c>p.Inner.A</c>). A read of a packed parameter prints as <c>p.A</c>; one F writes is
/// written in a copy of the model (<c>var cur = p; cur.A += e;</c>) where the type allows it, else copied into a local of its name
/// first. Two tree-level additions (drawn here, run by the interpreter as they are): a marked
/// callee <c>M0(u0, u1, [v], [n])</c> whose call <c>T mc0 = M0(x, y, a, n);</c> F makes first and adds to its result, printed as
/// taking the model whole (<c>M0(p, a, n)</c>, a memberwise call); and a model local, one real local per member
/// (<c>s0_A</c>, <c>s0_B</c>) declared first, printed <c>var s0 = p with { B = e };</c> or <c>var s0 = new Model(e1, e2);</c>,
/// whose members F then reads (<c>s0.B</c>) in place of some reads of the packed parameters. The interpreter checks the tree;
/// the checker builds the model from the point and reads the gradient, the pullback's <c>ref</c> adjoint and the tangent
/// member by member.
/// </summary>
public static class ModelForm
{
    public const string TypeName = "Model", PartName = "Part", InnerMember = "Inner", ParamName = "p", LocalName = "s0", CallName = "M0", CallLocal = "mc0", CopyName = "cur", ScaledName = "o0";

    public static readonly string[] Kinds = { "fields", "recstruct", "rorecstruct", "class", "record", "ctor" };

    /// <summary>Kinds a <c>with</c> expression can change (public fields, or properties with set or init).</summary>
    private static readonly string[] WithKinds = { "fields", "recstruct", "rorecstruct", "record" };

    /// <summary>F's parameters a model can hold: differentiable reals, not <c>in</c>.</summary>
    public static List<Param> Packable(Method f) => f.Params.Where(q => q.IsReal && !q.In && !q.NoDeriv).ToList();

    public static bool TakesModel(ModelLayout? l, string name) => l is not null && (name == "F" || l.Callees.ContainsKey(name));

    /// <summary>Draws the model form for a program (from its own stream, so the program and its points stay as they were):
    /// the type, sometimes a nested part, sometimes an <c>in</c> parameter, sometimes the call of a callee taking the model, sometimes a model local.</summary>
    public static Prog Apply(Prog p, ulong seed)
    {
        var packed = Packable(p.F);
        if (packed.Count < 2) return p;
        var pcg = new PCG(5, seed);
        int Int(int lo, int hi) => Gen.Int[lo, hi].Generate(pcg, null, out _);
        bool P(int percent) => Int(0, 99) < percent;
        string kind = Kinds[Int(0, Kinds.Length - 1)];
        bool nested = P(30);
        p = p with { Model = new ModelSpec(kind, nested ? Kinds[Int(0, Kinds.Length - 1)] : "-", nested ? Int(1, 2) : 0) };
        if (P(20)) p = p with { Model = p.Model with { In = true } };
        if (P(40)) p = AddCall(p, pcg, packed);
        if (P(40)) p = AddLocal(p, pcg, packed);
        if (P(35)) p = AddScaled(p, pcg, packed);
        return p;
    }

    /// <summary>A marked callee M0 of the packed parameters (and sometimes an array of F's and n), called first:
    /// <c>T mc0 = M0(x, y, a, n);</c>, and added to F's result.</summary>
    private static Prog AddCall(Prog p, PCG pcg, List<Param> packed)
    {
        Method f = p.F;
        if (f.Body.S is not [.., Return last]) return p;
        var arrays = f.Params.Where(q => q.IsArray).ToList();
        Param? arr = arrays.Count > 0 && Gen.Int[0, 99].Generate(pcg, null, out _) < 60 ? arrays[Gen.Int[0, arrays.Count - 1].Generate(pcg, null, out _)] : null;
        Param? n = f.Params.FirstOrDefault(q => q.IsInt && q.Name == "n");
        Method callee = ProgramGenerator.ModelCallee(pcg, p.IsFloat, packed.Count, arr, n);
        var args = packed.Select(q => (Expr)new Var(q.Name)).ToList();
        if (IsValueKind(p.Model!) && Gen.Int[0, 99].Generate(pcg, null, out _) < 50)
        {
            // A value built in the argument: some members changed (p with { B = e }, or new Model(e0, e1)).
            for (int i = 0; i < args.Count; i++)
            {
                if (Gen.Int[0, 99].Generate(pcg, null, out _) < 50) args[i] = ProgramGenerator.ModelExpr(pcg, p);
            }
        }

        if (arr is not null) args.Add(new Var(arr.Name));
        if (n is not null) args.Add(new Var(n.Name));
        var body = f.Body.S.ToList();
        body[^1] = new Return(new Bin("+", last.E, new Var(CallLocal)));
        body.Insert(0, new Decl(p.T, CallLocal, new Call(CallName, args.ToArray())));
        return p with { Methods = p.Methods[..^1].Append(callee).Append(f with { Body = new Block(body.ToArray()), ExprBodied = false }).ToArray() };
    }

    /// <summary>A model local declared first, one real local per member (s0_A = x, unchanged, or a new value), whose members
    /// F then reads in place of some reads of the packed parameters it does not write (not in local functions or lambdas).</summary>
    private static Prog AddLocal(Prog p, PCG pcg, List<Param> packed)
    {
        Method f = p.F;
        if (f.Body.S is not [.., Return]) return p;
        bool P(int percent) => Gen.Int[0, 99].Generate(pcg, null, out _) < percent;
        var inits = packed.Select(q => P(45) ? new Var(q.Name) : ProgramGenerator.ModelExpr(pcg, p)).ToArray();
        TreeText.Node body = TreeText.MethodNode(f)[4];
        var unwritten = packed.Select((q, i) => (q.Name, i)).Where(x => !Writes(body, x.Name)).ToDictionary(x => x.Name, x => x.i);
        bool any = false;
        static string Key(TreeText.Node n) => n.Atom ?? "(" + string.Join(" ", n.Items.Select(Key)) + ")";
        TreeText.Node Replace(TreeText.Node n)
        {
            if (n.Atom is not null || n.Items.Count == 0) return n;
            if (n.Head == "var" && unwritten.TryGetValue(n.A(1), out int i) && P(50))
            {
                any = true;
                return TreeText.VarNode(LocalName + "_" + ModelLayout.Member(i));
            }
            if (n.Head is "localfn" or "query") return n;
            // A square e * e (the grammar's guards: Log(1.5 + e * e), Clamp(x, -(0.25 + e * e), ...)) stays a square:
            // both factors get the same replacements, or the guard's value could go negative.
            if (n.Head == "bin" && n.A(1) == "*" && Key(n[2]) == Key(n[3]))
            {
                TreeText.Node factor = Replace(n[2]);
                return new TreeText.Node { Items = { n[0], n[1], factor, factor } };
            }
            var r = new TreeText.Node();
            r.Items.AddRange(n.Items.Select(Replace));
            return r;
        }
        var stmts = body.Items.Skip(1).Select((s, j) => f.Body.S[j] is Decl { Name: CallLocal } ? f.Body.S[j] : TreeText.ReadStmt(Replace(s))).ToList();
        if (!any)
        {
            var last = (Return)stmts[^1];
            stmts[^1] = new Return(new Bin("+", last.E, new Var(LocalName + "_" + ModelLayout.Member(Gen.Int[0, packed.Count - 1].Generate(pcg, null, out _)))));
        }
        // Sometimes the callee taking the model is passed the model local instead (M0(s0, a, n)).
        if (IsValueKind(p.Model!) && P(50))
        {
            for (int j = 0; j < stmts.Count; j++)
            {
                if (stmts[j] is Decl { Name: CallLocal, Init: Call call } decl && call.Args.Length >= packed.Count)
                {
                    Expr[] args = call.Args.ToArray();
                    for (int i = 0; i < packed.Count; i++) args[i] = new Var(LocalName + "_" + ModelLayout.Member(i));
                    stmts[j] = decl with { Init = call with { Args = args } };
                }
            }
        }

        stmts.InsertRange(0, inits.Select((e, i) => (Stmt)new Decl(p.T, LocalName + "_" + ModelLayout.Member(i), e)));
        return p with { Methods = p.Methods[..^1].Append(f with { Body = new Block(stmts.ToArray()), ExprBodied = false }).ToArray() };
    }

    /// <summary>
    /// A model value made by the model type's own [Differentiable] operator, <c>var o0 = e * p;</c>: in the tree one real local
    /// per member declared first (<c>o0_A = e * x</c>, <c>o0_B = e * y</c>, the same <c>e</c> each time), whose members F then
    /// reads (<c>o0.B</c>) added to its result. Only where F writes none of the packed parameters (so <c>p</c> holds them).
    /// </summary>
    private static Prog AddScaled(Prog p, PCG pcg, List<Param> packed)
    {
        Method f = p.F;
        if (f.Body.S is not [.., Return last]) return p;
        TreeText.Node body = TreeText.MethodNode(f)[4];
        if (packed.Any(q => Writes(body, q.Name))) return p;
        Expr scale = ProgramGenerator.ModelExpr(pcg, p);
        var stmts = f.Body.S.ToList();
        int member = Gen.Int[0, packed.Count - 1].Generate(pcg, null, out _);
        stmts[^1] = new Return(new Bin("+", last.E, new Var(ScaledName + "_" + ModelLayout.Member(member))));
        stmts.InsertRange(0, packed.Select((q, i) => (Stmt)new Decl(p.T, ScaledName + "_" + ModelLayout.Member(i), new Bin("*", scale, new Var(q.Name)))));
        return p with { Methods = p.Methods[..^1].Append(f with { Body = new Block(stmts.ToArray()), ExprBodied = false }).ToArray() };
    }

    /// <summary>The layout of a model-form program, or null (not model form, or fewer than two parameters left to pack).</summary>
    public static ModelLayout? Layout(Prog p)
    {
        if (p.Model is null) return null;
        Method f = p.F;
        var packed = Packable(f);
        if (packed.Count < 2) return null;
        string[] names = packed.Select(q => q.Name).ToArray();
        TreeText.Node body = TreeText.MethodNode(f)[4];
        var stmts = body.Items.Skip(1).ToList();
        var written = names.Where(x => Writes(body, x)).ToHashSet(StringComparer.Ordinal);
        int firstWrite = stmts.FindIndex(s => names.Any(x => Writes(s, x)));
        var l = new ModelLayout
        {
            Prog = p,
            Spec = p.Model,
            Packed = names,
            Position = Array.FindIndex(f.Params, q => q.Name == names[0]),
            Written = written,
            FirstWrite = firstWrite < 0 ? int.MaxValue : firstWrite,
            Callees = new Dictionary<string, int>(StringComparer.Ordinal),
            In = p.Model.In && !Descendants(body).Any(n => n.Atom is null && n.Items.Count > 0 && n.Head is "localfn" or "query" && names.Any(x => Descendants(n).Any(d => IsVar(d, x)))),
        };
        foreach (Method m in p.Methods)
        {
            if (m.Name != "F" && m.Marked && !m.IsCustom && !m.ReturnsArray && m.Params.Length >= names.Length
                && m.Params.Take(names.Length).All(q => q.IsReal && !q.In && !q.NoDeriv) && CallsFit(p, m.Name, l, stmts))
                l.Callees[m.Name] = names.Length;
        }
        return l;
    }

    /// <summary>Whether every call of <paramref name="callee"/> is F's, passes the packed parameters first in order, and
    /// passes their values as the model holds them: none is written, or the call is a top-level declaration before the first write.</summary>
    private static bool CallsFit(Prog p, string callee, ModelLayout l, List<TreeText.Node> fStatements)
    {
        foreach (Method m in p.Methods)
        {
            if (m.Name != "F" && Descendants(TreeText.MethodNode(m)).Any(n => IsCall(n, callee))) return false;
        }
        int calls = 0;
        for (int j = 0; j < fStatements.Count; j++)
        {
            foreach (TreeText.Node c in Descendants(fStatements[j]).Where(n => IsCall(n, callee)))
            {
                calls++;
                if (c.Items.Count - 2 < l.Count) return false;

                // A model value type is built in the argument from any member values (new Model(e0, e1), p with { B = e },
                // the model local s0); a class or record would be allocated again by the pullback, so GradGen refuses that.
                if (IsValueKind(l.Spec)) continue;
                if (Enumerable.Range(0, l.Count).Any(i => !IsVar(c.Items[2 + i], l.Packed[i]))) return false;
                bool direct = fStatements[j] is { Atom: null } s && s.Head == "decl" && ReferenceEquals(s.Items[3], c) && j < l.FirstWrite;
                if (l.Written.Count > 0 && !direct) return false;
            }
        }
        return calls > 0;
    }

    /// <summary>Whether the model and its part are value types (a struct, record struct or readonly struct).</summary>
    internal static bool IsValueKind(ModelSpec spec) => spec.Kind is not ("class" or "record") && (spec.InnerCount == 0 || spec.InnerKind is not ("class" or "record"));

    /// <summary>
    /// What a call's leading arguments (the model's members, in order) print as: the model parameter <c>p</c> when they are
    /// its members unchanged (the packed parameters, where the layout lets F pass them so), the model local <c>s0</c> when
    /// they are its members, else a value built in the argument: <c>p with { B = e }</c> where only members of the model
    /// itself (not of its part) differ and the type has <c>with</c>, or <c>new Model(e0, e1)</c>.
    /// </summary>
    public static string Argument(ModelLayout l, IReadOnlyList<Expr> members, bool isFloat)
    {
        bool packed = Enumerable.Range(0, l.Count).All(i => members[i] is Var v && v.Name == l.Packed[i]);
        if (packed && (l.Written.Count == 0 || !IsValueKind(l.Spec))) return ParamName;
        if (Enumerable.Range(0, l.Count).All(i => members[i] is Var v && v.Name == LocalName + "_" + ModelLayout.Member(i))
            && Printer.Renames?.GetValueOrDefault(LocalName + "_" + ModelLayout.Member(0)) == LocalName + "." + l.Path(0))
        {
            return LocalName;
        }

        bool Same(int i) => members[i] is Var v && v.Name == l.Packed[i] && !l.Written.Contains(v.Name);
        if (WithKinds.Contains(l.Spec.Kind) && Enumerable.Range(0, l.Inner).All(Same) && Enumerable.Range(0, l.Count).Any(Same))
        {
            return ParamName + " with { " + string.Join(", ", Enumerable.Range(0, l.Count).Where(i => !Same(i))
                .Select(i => ModelLayout.Member(i) + " = " + Printer.Print(members[i], isFloat))) + " }";
        }

        return Construct(l, "", members.Select(e => Printer.Print(e, isFloat)).ToList());
    }

    private static bool IsCall(TreeText.Node n, string name) => n.Atom is null && n.Items.Count >= 2 && n.Head == "call" && n.A(1) == name;

    private static bool IsVar(TreeText.Node n, string name) => n.Atom is null && n.Items.Count == 2 && n.Head == "var" && n.A(1) == name;

    private static IEnumerable<TreeText.Node> Descendants(TreeText.Node n)
    {
        yield return n;
        foreach (TreeText.Node c in n.Items)
        {
            foreach (TreeText.Node d in Descendants(c)) yield return d;
        }
    }

    /// <summary>Whether the tree writes the variable: an assignment (also one used as a value) or a tuple's target.</summary>
    internal static bool Writes(TreeText.Node tree, string name) =>
        Descendants(tree).Any(n => n.Atom is null && n.Items.Count > 2 && (
            n.Head is "asg" or "asx" && IsVar(n.Items[2], name)
            || n.Head is "tuple" or "tfrom" && n.Items.Any(t => t.Atom is null && t.Items.Count > 0 && t.Head == "targets" && t.Items.Any(x => IsVar(x, name)))));

    /// <summary>Whether every write of the variable is an assignment statement (not a tuple's target, not an assignment used
    /// as a value), and no local function or lambda reads it.</summary>
    private static bool AssignedOnly(TreeText.Node tree, string name) =>
        !Descendants(tree).Any(n => n.Atom is null && n.Items.Count > 2 && (
            n.Head == "asx" && IsVar(n.Items[2], name)
            || n.Head is "tuple" or "tfrom" && n.Items.Any(t => t.Atom is null && t.Items.Count > 0 && t.Head == "targets" && t.Items.Any(x => IsVar(x, name)))
            || n.Head is "localfn" or "query" && Descendants(n).Any(x => IsVar(x, name))));

    /// <summary>The model type (and its part) as the program declares them, inside its class.</summary>
    public static string TypeDeclarations(ModelLayout l)
    {
        var sb = new StringBuilder();
        var outer = new List<(string Type, string Name)>();
        if (l.Inner > 0)
        {
            Declare(sb, l.Spec.InnerKind, PartName, Enumerable.Range(0, l.Inner).Select(i => (l.T, ModelLayout.Member(i))).ToList());
            sb.Append('\n');
            outer.Add((PartName, InnerMember));
        }
        for (int i = l.Inner; i < l.Count; i++) outer.Add((l.T, ModelLayout.Member(i)));
        Declare(sb, l.Spec.Kind, TypeName, outer);

        // The model's own scale operator, which GradGen writes where it is used (var o0 = e * p;).
        string scaled = Construct(l, "", Enumerable.Range(0, l.Count).Select(i => "s * a." + l.Path(i)).ToList());
        int close = sb.ToString().LastIndexOf("    }\n", StringComparison.Ordinal);
        string op = "        [Differentiable]\n        public static " + TypeName + " operator *(" + l.T + " s, " + TypeName + " a) => " + scaled + ";\n";
        if (l.Spec.Kind is "fields" or "class" or "ctor" && close >= 0) sb.Insert(close, "\n" + op);
        else
        {
            // A positional record: a body for the operator.
            string text = sb.ToString();
            int semicolon = text.LastIndexOf(");\n", StringComparison.Ordinal);
            sb.Clear().Append(text[..(semicolon + 1)]).Append("\n    {\n").Append(op).Append("    }\n");
        }

        return sb.ToString();
    }

    private static void Declare(StringBuilder sb, string kind, string name, List<(string Type, string Name)> members)
    {
        string list = string.Join(", ", members.Select(m => m.Type + " " + m.Name));
        switch (kind)
        {
            case "recstruct": sb.Append("    public record struct ").Append(name).Append('(').Append(list).Append(");\n"); break;
            case "rorecstruct": sb.Append("    public readonly record struct ").Append(name).Append('(').Append(list).Append(");\n"); break;
            case "record": sb.Append("    public sealed record ").Append(name).Append('(').Append(list).Append(");\n"); break;
            case "fields":
                sb.Append("    public struct ").Append(name).Append("\n    {\n");
                foreach (var (type, member) in members) sb.Append("        public ").Append(type).Append(' ').Append(member).Append(";\n");
                sb.Append("    }\n");
                break;
            case "class":
                sb.Append("    public sealed class ").Append(name).Append("\n    {\n");
                foreach (var (type, member) in members) sb.Append("        public ").Append(type).Append(' ').Append(member).Append(" { get; set; }\n");
                sb.Append("    }\n");
                break;
            case "ctor":
                sb.Append("    public readonly struct ").Append(name).Append("\n    {\n        public ").Append(name).Append('(')
                  .Append(string.Join(", ", members.Select(m => m.Type + " " + m.Name.ToLowerInvariant()))).Append(")\n        {\n");
                foreach (var (_, member) in members) sb.Append("            ").Append(member).Append(" = ").Append(member.ToLowerInvariant()).Append(";\n");
                sb.Append("        }\n\n");
                foreach (var (type, member) in members) sb.Append("        public readonly ").Append(type).Append(' ').Append(member).Append(";\n");
                sb.Append("    }\n");
                break;
            default: throw new InvalidOperationException("model kind " + kind);
        }
    }

    /// <summary>A new model holding values[i] as member i (evaluated in member order): <c>new Model(new Part(v0), v1)</c>
    /// or <c>new Model { Inner = new Part { A = v0 }, B = v1 }</c>; the type names after <paramref name="qualifier"/>.</summary>
    public static string Construct(ModelLayout l, string qualifier, IReadOnlyList<string> values)
    {
        var outer = new List<(string Name, string Value)>();
        if (l.Inner > 0) outer.Add((InnerMember, New(l.Spec.InnerKind, qualifier + PartName, Enumerable.Range(0, l.Inner).Select(i => (ModelLayout.Member(i), values[i])).ToList())));
        for (int i = l.Inner; i < l.Count; i++) outer.Add((ModelLayout.Member(i), values[i]));
        return New(l.Spec.Kind, qualifier + TypeName, outer);
    }

    private static string New(string kind, string type, List<(string Name, string Value)> members) =>
        kind is "fields" or "class"
            ? "new " + type + " { " + string.Join(", ", members.Select(m => m.Name + " = " + m.Value)) + " }"
            : "new " + type + "(" + string.Join(", ", members.Select(m => m.Value)) + ")";

    /// <summary>Prints F, or a callee that takes the model, with the model parameter in place of the packed ones.</summary>
    public static void Print(StringBuilder sb, ModelLayout l, Prog p, Method m)
    {
        bool isF = m.Name == "F";
        string[] packed = isF ? l.Packed : m.Params.Take(l.Count).Select(q => q.Name).ToArray();
        TreeText.Node body = TreeText.MethodNode(m)[4];
        HashSet<string> written = isF ? l.Written : packed.Where(x => Writes(body, x)).ToHashSet(StringComparer.Ordinal);
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var top = new List<Stmt>();
        // Members written in place in a copy of the model (var cur = p; cur.A += e;) where the type's members can be assigned
        // (a part's only through a field: a property returns a copy),
        // every write is an assignment statement, and no local function or lambda reads a written one; else each written
        // parameter is a local copied from its member (double x = p.A;).
        bool inPlace = written.Count > 0 && l.Spec.Kind is "fields" or "recstruct"
            && Enumerable.Range(0, packed.Length).Where(i => written.Contains(packed[i])).All(i => i >= l.Inner || l.Spec.Kind == "fields" && l.Spec.InnerKind is "fields" or "recstruct")
            && written.All(x => AssignedOnly(body, x));
        if (inPlace) top.Add(new RawStmt("var " + CopyName + " = " + ParamName + ";"));
        for (int i = 0; i < packed.Length; i++)
        {
            if (!written.Contains(packed[i])) renames[packed[i]] = ParamName + "." + l.Path(i);
            else if (inPlace) renames[packed[i]] = CopyName + "." + l.Path(i);
            else top.Add(new Decl(l.T, packed[i], new Var(ParamName + "." + l.Path(i))));
        }
        var ps = m.Params.Where(q => !packed.Contains(q.Name)).ToList();
        ps.Insert(isF ? l.Position : 0, new Param(TypeName, ParamName, isF && l.In, false, 0));
        var stmts = m.Body.S.ToList();
        Printer.Renames = renames;
        Printer.ModelCalls = isF ? l.Callees : null;
        Printer.ModelLayoutPrinted = isF ? l : null;
        try
        {
            if (isF) LocalGroup(l, p, stmts, renames);
            if (isF) ScaledGroup(l, p, stmts, renames);
            Printer.Print(sb, m with { Params = ps.ToArray(), Body = new Block(top.Concat(stmts).ToArray()) }, p.IsFloat, p.IsForward(m), hessian: isF && p.Hessian);
        }
        finally
        {
            Printer.Renames = null;
            Printer.ModelCalls = null;
            Printer.ModelLayoutPrinted = null;
        }
    }

    /// <summary>The scaled model's declarations (o0_A = e * x, ...) as <c>var o0 = e * p;</c> and its members' reads renamed
    /// <c>o0.B</c>, where each scales its packed parameter by the same e and F writes none of them; left as real locals otherwise.</summary>
    private static void ScaledGroup(ModelLayout l, Prog p, List<Stmt> stmts, Dictionary<string, string> renames)
    {
        string Name(int i) => ScaledName + "_" + ModelLayout.Member(i);
        int j = stmts.FindIndex(s => s is Decl d && d.Name == Name(0));
        if (j < 0 || j + l.Count > stmts.Count || l.Written.Count > 0) return;
        string? scale = null;
        for (int i = 0; i < l.Count; i++)
        {
            if (stmts[j + i] is not Decl { Init: Bin { Op: "*", R: Var v } b } d || d.Name != Name(i) || d.Type != l.T || v.Name != l.Packed[i]) return;
            string text = Printer.Print(b.L, p.IsFloat);
            if (scale is not null && scale != text) return;
            scale = text;
        }

        stmts.RemoveRange(j, l.Count);
        stmts.Insert(j, new RawStmt("var " + ScaledName + " = (" + scale + ") * " + ParamName + ";"));
        for (int i = 0; i < l.Count; i++) renames[Name(i)] = ScaledName + "." + l.Path(i);
    }

    /// <summary>The model local's declarations (all of them, in member order) as one statement, and its members' reads
    /// renamed <c>s0.B</c>; left as they are (real locals) when the group is not whole.</summary>
    private static void LocalGroup(ModelLayout l, Prog p, List<Stmt> stmts, Dictionary<string, string> renames)
    {
        string Name(int i) => LocalName + "_" + ModelLayout.Member(i);
        int j = stmts.FindIndex(s => s is Decl d && d.Name == Name(0));
        if (j < 0 || j + l.Count > stmts.Count) return;
        var inits = new Expr[l.Count];
        for (int i = 0; i < l.Count; i++)
        {
            if (stmts[j + i] is not Decl d || d.Name != Name(i) || d.Type != l.T) return;
            inits[i] = d.Init;
        }
        // A member left as the model holds it: the packed parameter, not written yet.
        bool Same(int i) => inits[i] is Var v && v.Name == l.Packed[i] && (!l.Written.Contains(v.Name) || j < l.FirstWrite);
        string text;
        if (Enumerable.Range(0, l.Count).All(Same)) text = "var " + LocalName + " = " + ParamName + ";";
        else if (WithKinds.Contains(l.Spec.Kind) && Enumerable.Range(0, l.Inner).All(Same))
            text = "var " + LocalName + " = " + ParamName + " with { " + string.Join(", ", Enumerable.Range(0, l.Count).Where(i => !Same(i))
                .Select(i => ModelLayout.Member(i) + " = " + Printer.Print(inits[i], p.IsFloat))) + " };";
        else text = "var " + LocalName + " = " + Construct(l, "", inits.Select(e => Printer.Print(e, p.IsFloat)).ToList()) + ";";
        stmts.RemoveRange(j, l.Count);
        stmts.Insert(j, new RawStmt(text));
        for (int i = 0; i < l.Count; i++) renames[Name(i)] = LocalName + "." + l.Path(i);
    }
}
