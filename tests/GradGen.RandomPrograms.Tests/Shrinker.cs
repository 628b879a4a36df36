namespace GradGen.RandomPrograms;

/// <summary>Structural shrinking: one change at a time (delete a statement, replace an expression by a child
/// or a literal, lower a loop bound, shorten an array, drop a parameter or a callee), kept when the program
/// still fails the same way at the same point.</summary>
public static class Shrinker
{
    public static Failure Shrink(Failure f, int maxAttempts = 600, TimeSpan? budget = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan limit = budget ?? TimeSpan.FromSeconds(90);
        int attempts = 0;
        bool progress = true;
        while (progress && attempts < maxAttempts && clock.Elapsed < limit)
        {
            progress = false;
            foreach (var (cand, point, adj) in Candidates(f))
            {
                if (attempts++ >= maxAttempts || clock.Elapsed >= limit) break;
                Outcome o;
                try { o = Checker.CheckOne(cand, new[] { (point, adj) }); }
                catch (InvalidOperationException) { continue; }
                if (o.Failure is { } nf && nf.Kind == f.Kind)
                {
                    f = nf;
                    progress = true;
                    break;
                }
            }
        }
        return f;
    }

    private static int Size(Prog p) => TreeText.Write(p).Length;

    /// <summary>Smaller variants, roughly largest cut first.</summary>
    public static IEnumerable<(Prog, double[], double[])> Candidates(Failure f)
    {
        Prog p = f.Prog;
        // Model form: without it (the failure is not the model's), taken by value, or without its nested part.
        if (p.Model is { } model)
        {
            yield return (p with { Model = null }, f.Point, f.Adjoint);
            if (model.In) yield return (p with { Model = model with { In = false } }, f.Point, f.Adjoint);
            if (model.InnerCount > 0) yield return (p with { Model = model with { InnerKind = "-", InnerCount = 0 } }, f.Point, f.Adjoint);
        }
        // Vector form: F scalar again (keeping one element), or one element fewer.
        if (p.Vector is { } vector)
        {
            for (int e = 0; e < vector.Count; e++) yield return (VectorForm.Scalar(p, e), f.Point, f.Adjoint);
            if (vector.Count > 2)
                for (int e = 0; e < vector.Count; e++) yield return (VectorForm.Without(p, e), f.Point, f.Adjoint);
        }
        // Drop a callee nobody calls.
        for (int m = 0; m < p.Methods.Length - 1; m++)
        {
            string name = p.Methods[m].Name;
            if (!TreeText.Write(p with { Methods = p.Methods.Where((_, i) => i != m).ToArray() }).Contains("(call " + name + " ", StringComparison.Ordinal))
                yield return (p with { Methods = p.Methods.Where((_, i) => i != m).ToArray() }, f.Point, f.Adjoint);
        }
        Method F = p.F;
        // Drop an unused parameter, or shorten an array parameter.
        string body = string.Concat(p.Methods.Select(m => TreeText.Write(new Prog(p.IsFloat, new[] { m with { Params = Array.Empty<Param>() } }))));
        for (int i = 0; i < F.Params.Length; i++)
        {
            Param q = F.Params[i];
            bool used = body.Contains("(var " + q.Name + ")", StringComparison.Ordinal) || body.Contains(" " + q.Name + " ", StringComparison.Ordinal)
                || body.Contains("(len " + q.Name + ")", StringComparison.Ordinal) || body.Contains("(idx " + q.Name + " ", StringComparison.Ordinal);
            if (!used && F.Params.Count(x => x.Differentiable) > (q.Differentiable ? 1 : 0))
                yield return WithParams(f, F.Params.Where((_, j) => j != i).ToArray(), i, q.PointValues > 0 ? 0 : -1);
            if (q.IsArray && q.Value > 1) yield return WithParams(f, F.Params.Select((x, j) => j == i ? x with { Value = x.Value - 1 } : x).ToArray(), i, q.Value - 1);
            if (q.IsInt && q.Value > 0) yield return (Replace(p, F with { Params = F.Params.Select((x, j) => j == i ? x with { Value = x.Value - 1 } : x).ToArray() }), f.Point, f.Adjoint);
            if (q.In) yield return (Replace(p, F with { Params = F.Params.Select((x, j) => j == i ? x with { In = false } : x).ToArray() }), f.Point, f.Adjoint);
        }
        for (int m = 0; m < p.Methods.Length; m++)
        {
            Method meth = p.Methods[m];
            if (meth.IsCustom) continue; // its derivatives are printed from its one expression
            foreach (Block b in BlockVariants(meth.Body))
            {
                var ms = p.Methods.ToArray();
                ms[m] = meth with { Body = b, ExprBodied = meth.ExprBodied && b.S.Length == 1 && b.S[0] is Return };
                yield return (p with { Methods = ms }, f.Point, f.Adjoint);
            }
        }
        // Simpler point values.
        for (int i = 0; i < f.Point.Length; i++)
        {
            if (f.Point[i] is 0.5 or 1.0) continue;
            foreach (double v in new[] { 1.0, 0.5, Math.Round(f.Point[i] * 4) / 4 })
            {
                if (v == f.Point[i]) continue;
                var pt = f.Point.ToArray();
                pt[i] = v;
                yield return (p, pt, f.Adjoint);
            }
        }
    }

    private static Prog Replace(Prog p, Method f)
    {
        var ms = p.Methods.ToArray();
        ms[^1] = f;
        return p with { Methods = ms };
    }

    /// <summary>New parameters; the point and adjoints lose the entries of parameter i beyond newLen.</summary>
    private static (Prog, double[], double[]) WithParams(Failure f, Param[] ps, int i, int newLen)
    {
        Method F = f.Prog.F;
        var pt = new List<double>();
        var adj = new List<double>();
        int po = 0, ao = 0;
        for (int j = 0; j < F.Params.Length; j++)
        {
            Param q = F.Params[j];
            int n = q.PointValues;
            int keep = j == i ? Math.Min(n, Math.Max(newLen, 0)) : n;
            if (j == i && ps.Length < F.Params.Length) keep = 0;
            for (int e = 0; e < n; e++)
            {
                if (e < keep) pt.Add(f.Point[po + e]);
                if (q.Differentiable && e < keep) adj.Add(f.Adjoint[ao + e]);
            }
            po += n;
            if (q.Differentiable) ao += n;
        }
        return (Replace(f.Prog, F with { Params = ps }), pt.ToArray(), adj.ToArray());
    }

    private static IEnumerable<Block> BlockVariants(Block b)
    {
        // Delete one statement (never the last return of a body: the program would not compile).
        for (int i = 0; i < b.S.Length; i++)
            if (!(i == b.S.Length - 1 && b.S[i] is Return) && !IsCounterStep(b.S[i]))
                yield return new Block(b.S.Where((_, j) => j != i).ToArray());
        // Replace a statement by its contents.
        for (int i = 0; i < b.S.Length; i++)
        {
            IEnumerable<Stmt[]> inner = b.S[i] switch
            {
                If x => x.Else is null ? new[] { x.Then.S } : new[] { x.Then.S, x.Else.S },
                While w => new[] { w.Body.S.Where(s => s is not Break).ToArray() },
                // A switch by one section's statements (with its return or continue; a break has nothing to end then).
                Switch sw => sw.Sections.Select(sec => sec.End is Break ? sec.Body.S : sec.Body.S.Append(sec.End).ToArray()).ToArray(),
                _ => Array.Empty<Stmt[]>(),
            };
            foreach (Stmt[] ss in inner)
                yield return new Block(b.S.Take(i).Concat(ss).Concat(b.S.Skip(i + 1)).ToArray());
        }
        for (int i = 0; i < b.S.Length; i++)
            foreach (Stmt s in StmtVariants(b.S[i]))
                yield return new Block(b.S.Select((x, j) => j == i ? s : x).ToArray());
    }

    /// <summary>The k++ of a while or do loop: deleting it would make the loop endless.</summary>
    private static bool IsCounterStep(Stmt s) => s is Assign { Op: "++", Target: Var { Name: var n } } && n.StartsWith('k');

    private static IEnumerable<Stmt> StmtVariants(Stmt s)
    {
        switch (s)
        {
            case Decl d:
                foreach (Expr e in ExprVariants(d.Init)) yield return d with { Init = e };
                break;
            case Assign a:
                if (a.Op is not "=" and not "++") yield return a with { Op = "=" };
                if (a.Value is not null) foreach (Expr e in ExprVariants(a.Value)) yield return a with { Value = e };
                if (a.Target is Index ix) foreach (Expr e in ExprVariants(ix.I)) yield return a with { Target = ix with { I = e } };
                break;
            case TupleSet tu:
                for (int j = 0; j < tu.Targets.Length; j++)
                {
                    // Drop an element (one left: a plain declaration or assignment), or discard it.
                    if (tu.Targets.Length > 2)
                        yield return tu with { Targets = tu.Targets.Where((_, k) => k != j).ToArray(), Values = tu.Values.Where((_, k) => k != j).ToArray() };
                    else if (tu.Targets[1 - j] is Var { Name: "_" }) { }
                    else if (tu.Declare) yield return new Decl("var", ((Var)tu.Targets[1 - j]).Name, tu.Values[1 - j]);
                    else yield return new Assign(tu.Targets[1 - j], "=", tu.Values[1 - j]);
                    if (!tu.Declare && tu.Targets[j] is not Var { Name: "_" }) yield return tu with { Targets = tu.Targets.Select((x, k) => k == j ? new Var("_") : x).ToArray() };
                }
                for (int j = 0; j < tu.Values.Length; j++)
                    foreach (Expr e in ExprVariants(tu.Values[j])) yield return tu with { Values = tu.Values.Select((x, k) => k == j ? e : x).ToArray() };
                break;
            case If i:
                if (i.Else is not null) yield return i with { Else = null };
                foreach (Block b in BlockVariants(i.Then)) yield return i with { Then = b };
                if (i.Else is not null) foreach (Block b in BlockVariants(i.Else)) yield return i with { Else = b };
                foreach (Expr e in ExprVariants(i.C)) yield return i with { C = e };
                break;
            case For f:
                if (f.Cond is Bin { R: not IntLit { V: 1 } } c && !f.Down) yield return f with { Cond = c with { R = new IntLit(1) } };
                if (f.Down && f.Init is not IntLit { V: 0 }) yield return f with { Init = new IntLit(0) };
                if (f.CType == "long") yield return f with { CType = "int" };
                foreach (Block b in BlockVariants(f.Body)) yield return f with { Body = b };
                break;
            case While w:
                if (w.C is Bin { R: not IntLit { V: 1 } } wc) yield return w with { C = wc with { R = new IntLit(1) } };
                foreach (Block b in BlockVariants(w.Body)) yield return w with { Body = b };
                break;
            case DoWhile d:
                if (d.C is Bin { R: not IntLit { V: 1 } } dc) yield return d with { C = dc with { R = new IntLit(1) } };
                foreach (Block b in BlockVariants(d.Body)) yield return d with { Body = b };
                break;
            case Foreach fe:
                foreach (Block b in BlockVariants(fe.Body)) yield return fe with { Body = b };
                break;
            case Return r:
                foreach (Expr e in ExprVariants(r.E)) yield return r with { E = e };
                break;
            case Switch sw:
                foreach (Switch x in SwitchVariants(sw)) yield return x;
                break;
        }
    }

    private static IEnumerable<Switch> SwitchVariants(Switch sw)
    {
        Switch With(int k, Section sec) => sw with { Sections = sw.Sections.Select((x, j) => j == k ? sec : x).ToArray() };
        // Drop a section.
        if (sw.Sections.Length > 1)
            for (int k = 0; k < sw.Sections.Length; k++) yield return sw with { Sections = sw.Sections.Where((_, j) => j != k).ToArray() };
        // The value without its arithmetic.
        if (sw.E is Bin { L: Var v }) yield return sw with { E = v };
        for (int k = 0; k < sw.Sections.Length; k++)
        {
            Section sec = sw.Sections[k];
            // Drop a label, a guard; simplify a pattern.
            if (sec.Labels.Length > 1)
                for (int l = 0; l < sec.Labels.Length; l++) yield return With(k, sec with { Labels = sec.Labels.Where((_, j) => j != l).ToArray() });
            for (int l = 0; l < sec.Labels.Length; l++)
            {
                CaseLabel label = sec.Labels[l];
                CaseLabel[] Labels(CaseLabel nl) => sec.Labels.Select((x, j) => j == l ? nl : x).ToArray();
                if (label.When is not null) yield return With(k, sec with { Labels = Labels(label with { When = null }) });
                if (label.P is not null)
                    foreach (Pat p in PatVariants(label.P)) yield return With(k, sec with { Labels = Labels(label with { P = p }) });
                if (label.When is not null)
                    foreach (Expr e in ExprVariants(label.When)) yield return With(k, sec with { Labels = Labels(label with { When = e }) });
            }
            if (sec.End is not Break) yield return With(k, sec with { End = new Break() });
            if (sec.Braced && !sec.Body.S.Any(x => x is Decl)) yield return With(k, sec with { Braced = false });
            foreach (Block b in BlockVariants(sec.Body)) yield return With(k, sec with { Body = b });
            if (sec.End is Return r)
                foreach (Expr e in ExprVariants(r.E)) yield return With(k, sec with { End = r with { E = e } });
        }
    }

    /// <summary>Simpler patterns: a side of and/or, the pattern under not.</summary>
    private static IEnumerable<Pat> PatVariants(Pat p)
    {
        switch (p)
        {
            case PBin b:
                yield return b.L;
                yield return b.R;
                foreach (Pat x in PatVariants(b.L)) yield return b with { L = x };
                foreach (Pat x in PatVariants(b.R)) yield return b with { R = x };
                break;
            case PNot n:
                yield return n.P;
                foreach (Pat x in PatVariants(n.P)) yield return n with { P = x };
                break;
        }
    }

    private static IEnumerable<Expr> Children(Expr e) => e switch
    {
        Unary u => new[] { u.E },
        Bin b => new[] { b.L, b.R },
        Call c => c.Args,
        Cond c => new[] { c.T, c.F },
        AssignExpr { Value: not null } a => new[] { a.Value! },
        AssignExpr a => new[] { a.Target },
        ToInt t => new[] { t.E },
        SwitchExpr s => s.Arms.Select(a => a.Value).ToArray(),
        _ => Array.Empty<Expr>(),
    };

    private static IEnumerable<Expr> ExprVariants(Expr e)
    {
        if (e is Reduce red) yield return new Index(red.Arr, new IntLit(0));
        if (e is not TupleLit) foreach (Expr c in Children(e)) yield return c;
        if (e is not Lit and not IntLit and not Var and not Len and not TupleLit) yield return new Lit(1.0);
        if (e is Lit { V: not 1.0 }) yield return new Lit(1.0);
        if (e is Var && e is not Lit) yield return new Lit(1.0);
        switch (e)
        {
            case Unary u: foreach (Expr x in ExprVariants(u.E)) yield return u with { E = x }; break;
            case TupleLit t:
                for (int i = 0; i < t.Values.Length; i++)
                    foreach (Expr x in ExprVariants(t.Values[i]))
                        yield return t with { Values = t.Values.Select((v, j) => j == i ? x : v).ToArray() };
                break;
            case AssignExpr { Value: not null } a: foreach (Expr x in ExprVariants(a.Value!)) yield return a with { Value = x }; break;
            case ToInt t: foreach (Expr x in ExprVariants(t.E)) yield return t with { E = x }; break;
            case Bin b:
                foreach (Expr x in ExprVariants(b.L)) yield return b with { L = x };
                foreach (Expr x in ExprVariants(b.R)) yield return b with { R = x };
                break;
            case Call c:
                for (int i = 0; i < c.Args.Length; i++)
                    foreach (Expr x in ExprVariants(c.Args[i]))
                        yield return c with { Args = c.Args.Select((a, j) => j == i ? x : a).ToArray() };
                break;
            case Cond c:
                foreach (Expr x in ExprVariants(c.C)) yield return c with { C = x };
                foreach (Expr x in ExprVariants(c.T)) yield return c with { T = x };
                foreach (Expr x in ExprVariants(c.F)) yield return c with { F = x };
                break;
            case MIndex mi:
                if (mi.I is not IntLit { V: 0 }) yield return mi with { I = new IntLit(0) };
                if (mi.J is not IntLit { V: 0 }) yield return mi with { J = new IntLit(0) };
                break;
            case JIndex ji:
                if (ji.I is not IntLit { V: 0 }) yield return ji with { I = new IntLit(0) };
                if (ji.J is not IntLit { V: 0 }) yield return ji with { J = new IntLit(0) };
                break;
            case Index ix:
                foreach (Expr x in ExprVariants(ix.I)) yield return ix with { I = x };
                if (ix.I is not IntLit { V: 0 }) yield return ix with { I = new IntLit(0) };
                break;
            case Is i:
                // e is > c as e > c; simpler patterns; a simpler value.
                if (i.P is PRel r) yield return new Bin(r.Op, i.E, r.C);
                foreach (Pat x in PatVariants(i.P)) yield return i with { P = x };
                foreach (Expr x in ExprVariants(i.E)) yield return i with { E = x };
                break;
            case SwitchExpr s:
            {
                SwitchExpr With(int k, Arm a) => s with { Arms = s.Arms.Select((x, j) => j == k ? a : x).ToArray() };
                // Drop an arm (not the last: the discard).
                for (int k = 0; k < s.Arms.Length - 1; k++) yield return s with { Arms = s.Arms.Where((_, j) => j != k).ToArray() };
                for (int k = 0; k < s.Arms.Length; k++)
                {
                    Arm a = s.Arms[k];
                    if (a.When is not null) yield return With(k, a with { When = null });
                    foreach (Pat x in PatVariants(a.P)) yield return With(k, a with { P = x });
                }
                foreach (Expr x in ExprVariants(s.E)) yield return s with { E = x };
                for (int k = 0; k < s.Arms.Length; k++)
                {
                    Arm a = s.Arms[k];
                    foreach (Expr x in ExprVariants(a.Value)) yield return With(k, a with { Value = x });
                    if (a.When is not null) foreach (Expr x in ExprVariants(a.When)) yield return With(k, a with { When = x });
                }
                break;
            }
        }
    }
}
