namespace GradGen.RandomPrograms;

// The grammar of buffers and queries: LINQ with lambdas and method groups, views, copies, fills and clears, reassigned and
// swapped buffers. Every index, offset and length is drawn inside its array (from constants and from int variables whose
// ranges are known), so a program never throws.
public sealed partial class ProgramGenerator
{
    private string T => _f ? "float" : "double";

    /// <summary>One of the statements of this grammar (about 11% of statements), or null for an ordinary one.</summary>
    private Stmt? BufferStatement(Scope sc, int maxLoopDepth)
    {
        int roll = Int(0, 999);
        if (ReassignableBuffers(sc).Any())
        {
            // A buffer per pass that may end as h = next, more often where one of F's buffers could take it.
            if ((sc.LoopDepth > 0 || sc.Nested) && sc.SwitchDepth == 0 && P(6)) return BufferInBlock(sc);
            if (P(4)) roll = 90;
        }

        if (roll < 40 && sc.Syms.Any(s => s.Kind == "arr")) return ViewStatement(sc);
        if (roll < 80 && sc.Syms.Any(s => s.Kind == "arr" && s.Writable)) return BufferOperation(sc);
        if (roll < 100 && ReassignableBuffers(sc).ToList() is { Count: > 0 } buffers)
        {
            Sym h = Pick(buffers);
            // A swap of two buffers of one length, or a fresh array for one of them.
            if (buffers.FirstOrDefault(g => g != h && g.Size!.Equals(h.Size)) is { } g && P(80))
            {
                var swap = (PendingMany)WithRead(sc, h, new TupleSet(false, new Expr[] { new Var(h.Name), new Var(g.Name) }, new Expr[] { new Var(g.Name), new Var(h.Name) }));
                return new PendingMany(swap.S.Concat(((PendingMany)WithRead(sc, g, null)).S).ToArray());
            }
            return WithRead(sc, h, new Assign(new Var(h.Name), "=", new NewArr(T, h.Size!, false)));
        }
        if (roll < 110 && QueryValue(sc) is { } query)
        {
            // A query in a condition: computed before the if. (Its branches learn nothing about the int ranges.)
            return new If(new Bin(P(50) ? ">" : "<", query, Lit(Pick(Lits))), SubBlock(sc, maxLoopDepth, Int(1, 2)), P(30) ? SubBlock(sc, maxLoopDepth, 1) : null);
        }
        return null;
    }

    /// <summary>Local T[] buffers of F's body that may be reassigned: never viewed, created with a fixed length, and not
    /// iterated by a foreach around (which would go on reading the old array).</summary>
    private IEnumerable<Sym> ReassignableBuffers(Scope sc) =>
        sc.Syms.Where(s => s.Kind == "arr" && s.TopLevel && s.Size is not null && !s.IsSpan && !s.HasView && s.Writable && !sc.Iterated.Contains(s.Name));

    /// <summary>Sometimes ends a buffer created in a block with <c>h = next;</c> into a buffer of F's body of the same length;
    /// <c>next</c> then leaves the scope, so nothing uses it again before its declaration runs again.</summary>
    private void ReassignFrom(Scope sc, Sym next, List<Stmt> r)
    {
        if (!P(60) || ReassignableBuffers(sc).Where(h => h.Size!.Equals(next.Size)).ToList() is not { Count: > 0 } targets) return;
        Sym h = Pick(targets);
        // Every element written first, so that what h holds after it tells an element from another.
        for (int k = 0; k < next.Len; k++) r.Add(new Assign(new Index(next.Name, new IntLit(k)), "=", RealExpr(sc, 1)));
        r.Add(new Assign(new Var(h.Name), "=", new Var(next.Name)));
        sc.Syms.Remove(next);
        if (WithRead(sc, h, null) is PendingMany read) r.AddRange(read.S);
    }

    /// <summary>A statement followed (mostly) by a read of the buffer it changed into a real variable, so that what the
    /// buffer holds after it reaches the result.</summary>
    private Stmt WithRead(Scope sc, Sym buffer, Stmt? s)
    {
        var r = new List<Stmt>();
        if (s is not null) r.Add(s);
        var reals = sc.Syms.Where(x => x.Kind == "real" && x.Assignable).ToList();
        if (reals.Count > 0 && P(90))
        {
            Expr index = P(50) ? new Bin("-", new Len(buffer.Name), new IntLit(1)) : IndexFor(sc, buffer);
            r.Add(new Assign(new Var(Pick(reals).Name), Pick(new[] { "+=", "-=", "*=" }), new Bin("+", new Index(buffer.Name, index), Leaf(sc))));
        }
        return new PendingMany(r.ToArray());
    }

    // ---- LINQ queries ----

    /// <summary><c>a.Sum(q0 =&gt; e)</c>, <c>a.Max(Math.Sin)</c>, <c>a.Select((q0, q1) =&gt; e).Average()</c>, <c>a.Zip(b, (q0, q1) =&gt;
    /// e).Min()</c> of arrays and rows of data, or null when there is no array. The lambda may read the element, the index,
    /// the method's variables (not in parameters nor spans: a lambda cannot capture them) and call the callees.</summary>
    private Expr? QueryValue(Scope sc)
    {
        var sources = new List<(Expr Src, int Len)>();
        foreach (Sym s in sc.Syms)
        {
            if (s.Kind == "arr" && !s.IsView && (!s.IsSpan || s.IsRow)) sources.Add((new Var(s.Name), s.Len));
            if (s.Kind == "jag") sources.Add((new Row(s.Name, IndexIn(sc, s.Len)), s.Cols));
        }
        if (sources.Count == 0) return null;
        var (src, len) = Pick(sources);
        string fn = Pick(new[] { "Sum", "Sum", "Average", "Max", "Min" });
        int kind = Int(0, 9);
        if (kind == 0)
            return new Query(fn, "group", src, null, Array.Empty<string>(), null, Pick(new[] { "Sin", "Cos", "Tanh", "Atan", "Abs" }));

        // The lambda's scope: captured variables, the element(s), for an indexed Select the index.
        Scope inner = sc.Clone();
        inner.Syms = sc.Syms.Where(s => !s.IsIn && !s.IsSpan || s.IsRow && !s.IsIn).ToList();
        string p = Fresh("q");
        inner.Syms.Add(new Sym { Name = p, Kind = "real" });
        if (kind <= 3)
        {
            string k = "sel";
            return new Query(fn, k, src, null, new[] { p }, Body(inner, p), null);
        }
        if (kind <= 7)
        {
            var ps = new List<string> { p };
            if (kind >= 6)
            {
                string j = Fresh("q");
                ps.Add(j);
                inner.Syms.Add(new Sym { Name = j, Kind = "int", Lo = 0, Hi = len });
            }
            return new Query(fn, "select", src, null, ps.ToArray(), Body(inner, p), null);
        }
        var (src2, _) = Pick(sources);
        string p2 = Fresh("q");
        inner.Syms.Add(new Sym { Name = p2, Kind = "real" });
        return new Query(fn, "zip", src, src2, new[] { p, p2 }, new Bin(Pick(new[] { "*", "-", "+" }), new Var(P(50) ? p : p2), Body(inner, p)), null);
    }

    /// <summary>A lambda's expression, mostly one that reads its element.</summary>
    private Expr Body(Scope inner, string element)
    {
        Expr e = RealExpr(inner, 2);
        return Int(0, 3) switch
        {
            0 => new Bin("*", new Var(element), e),
            1 => new Bin("+", e, new Var(element)),
            2 => new Call(Pick(new[] { "Sin", "Tanh", "Atan" }), new Expr[] { new Bin("*", new Var(element), e) }),
            _ => e,
        };
    }

    // ---- views ----

    /// <summary>Whether a symbol is an array (T[]) rather than a span.</summary>
    private static bool IsArrayType(Sym s) => s.IsRow || !s.IsSpan;

    /// <summary>A start in [0, L - n] for a part of n elements: a constant, or an int variable whose range fits; with the
    /// largest value it can take.</summary>
    private (Expr E, int Max) StartFor(Scope sc, int length, int n)
    {
        var opts = new List<(Expr, int)>();
        int c = Int(0, length - n);
        opts.Add((new IntLit(c), c));
        foreach (Sym v in sc.Syms.Where(s => s.Kind == "int" && !s.Unsigned && s.Lo >= 0 && s.Hi > s.Lo && s.Hi - 1 <= length - n))
            opts.Add((new Var(v.Name), v.Hi - 1));
        return Pick(opts);
    }

    /// <summary><c>ReadOnlySpan&lt;T&gt; sv = x.AsSpan(s, n);</c> (or Slice, a range, all of it), of an array, a span, a row or a
    /// view; a <c>Span&lt;T&gt;</c> view of a local buffer may be written.</summary>
    private Stmt ViewStatement(Scope sc)
    {
        var bases = sc.Syms.Where(s => s.Kind == "arr" && s.Len >= 1).ToList();
        Sym b = Pick(bases);
        bool isArray = IsArrayType(b);
        int L = b.Len;
        int form = Int(0, 5);
        Expr? a = null, e = null;
        int n;
        string shape;
        if (form == 0 && isArray)
        {
            shape = "asspan";
            n = L;
        }
        else if (form == 1)
        {
            // To the end: a constant start.
            int s0 = Int(0, L - 1);
            shape = isArray ? "asspan" : "slice";
            a = new IntLit(s0);
            n = L - s0;
        }
        else if (form <= 3)
        {
            n = Int(1, L);
            var (s, _) = StartFor(sc, L, n);
            shape = isArray ? "asspan" : "slice";
            a = s;
            e = new IntLit(n);
        }
        else
        {
            // A range: a..a+n, or a constant start to ^k.
            n = Int(1, L);
            shape = "range";
            if (P(40))
            {
                int s0 = Int(0, L - n);
                a = s0 == 0 && P(50) ? null : new IntLit(s0);
                int k = L - s0 - n;
                e = k == 0 && P(50) ? null : new Unary("^", new IntLit(k));
            }
            else
            {
                var (s, _) = StartFor(sc, L, n);
                a = s;
                e = s is IntLit lit ? new IntLit(lit.V + n) : new Bin("+", s, new IntLit(n));
            }
        }

        bool writable = b.Writable && P(50);
        Sym? root = b.IsView ? b.Root : b.Writable ? b : null;
        if (root is not null) root.HasView = true;
        if (b.Writable) b.HasView = true;
        string name = Fresh("sv");
        sc.Syms.Add(new Sym { Name = name, Kind = "arr", Len = n, IsSpan = true, IsView = true, Writable = writable, Root = root });
        return new ViewDecl((writable ? "Span<" : "ReadOnlySpan<") + T + ">", name, b.Name, isArray, shape, a, e);
    }

    // ---- copies, fills, clears ----

    /// <summary>Array.Copy, CopyTo, Fill or Clear into a local buffer (or a writable view of one), inside its bounds, mostly
    /// followed by a read of the buffer.</summary>
    private Stmt BufferOperation(Scope sc)
    {
        var dsts = sc.Syms.Where(s => s.Kind == "arr" && s.Writable).ToList();
        Sym d = Pick(dsts);
        return WithRead(sc, d, BufferOperation(sc, d));
    }

    private Stmt BufferOperation(Scope sc, Sym d)
    {
        bool dArr = IsArrayType(d);
        int roll = Int(0, 9);
        if (roll < 5)
        {
            // Sometimes a copy within one buffer, whose parts may overlap.
            Sym src = P(25) ? d : Pick(sc.Syms.Where(s => s.Kind == "arr").ToList());
            bool sArr = IsArrayType(src);
            int n = Int(0, Math.Min(src.Len, d.Len));
            if (sArr && dArr && roll == 0) return new CopyStmt("copy3", src.Name, true, null, d.Name, true, null, new IntLit(n));
            if (sArr && dArr && roll == 1 && src.Len <= d.Len)
            {
                var (di0, _) = StartFor(sc, d.Len, src.Len);
                return new CopyStmt("copyto", src.Name, true, null, d.Name, true, di0, null);
            }
            var (si, _) = StartFor(sc, src.Len, n);
            var (di, _) = StartFor(sc, d.Len, n);
            if (src == d && d.Len >= 3 && P(60))
            {
                // A shift within the buffer by one, either way: the parts overlap, so the direction of the copy matters.
                n = Int(2, d.Len - 1);
                int lo = Int(0, d.Len - n - 1);
                (si, di) = P(50) ? (new IntLit(lo), new IntLit(lo + 1)) : (new IntLit(lo + 1), new IntLit(lo));
            }
            return sArr && dArr && roll is 2 or 3
                ? new CopyStmt("copy5", src.Name, true, si, d.Name, true, di, new IntLit(n))
                : new CopyStmt("spancopy", src.Name, sArr, si, d.Name, dArr, di, new IntLit(n));
        }
        int c = Int(0, d.Len);
        var (start, _) = StartFor(sc, d.Len, c);
        if (roll < 8)
        {
            Expr value = P(20) ? Lit(Pick(Lits)) : RealExpr(sc, 2);
            return !dArr || roll == 7 ? new FillStmt("spanfill", d.Name, dArr, value, start, new IntLit(c))
                : roll == 5 ? new FillStmt("fill", d.Name, true, value, null, null)
                : new FillStmt("fill4", d.Name, true, value, start, new IntLit(c));
        }
        return !dArr || P(30) ? new FillStmt("spanclear", d.Name, dArr, null, start, new IntLit(c))
            : roll == 8 ? new FillStmt("clear", d.Name, true, null, null, null)
            : new FillStmt("clear3", d.Name, true, null, start, new IntLit(c));
    }
}
