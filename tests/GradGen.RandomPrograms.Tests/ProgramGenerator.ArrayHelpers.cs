namespace GradGen.RandomPrograms;

// Helpers that return a new array: the user's own methods without [Differentiable] that create a buffer, fill it and
// return it (an embedding, a layer's activations, a rotation of a vector). GradGen writes such a helper where it is
// called, as it does a local function; the grammar draws one now and then and lets F receive its array in a local.

public sealed partial class ProgramGenerator
{
    /// <summary>
    /// <c>static T[] A&lt;i&gt;(T u0, [T u1], [ReadOnlySpan&lt;T&gt; v]) { T[] r = new T[L]; ...; return r; }</c>: a loop over r,
    /// a foreach over v or a few writes fill r, random statements (no early return) may read and write it.
    /// </summary>
    private Method ArrayHelper(int index, List<Sym> fArrays, List<Method> callees)
    {
        string t = _f ? "float" : "double";
        var ps = new List<Param>();
        int np = Int(1, 2);
        for (int i = 0; i < np; i++) ps.Add(new Param(t, "u" + i, P(10), false, 0));
        var sc = new Scope { Callees = callees.Where(m => !m.ReturnsArray).ToList(), NoReturn = true };
        foreach (Param p in ps) sc.Syms.Add(new Sym { Name = p.Name, Kind = "real", Assignable = !p.In, IsIn = p.In });
        if (fArrays.Count > 0 && P(50))
        {
            int len = Pick(fArrays).Len;
            string ty = P(50) ? "ReadOnlySpan<" + t + ">" : t + "[]";
            ps.Insert(Int(0, ps.Count), new Param(ty, "v", false, P(15), len));
            sc.Syms.Add(new Sym { Name = "v", Kind = "arr", Len = len, IsSpan = ty.StartsWith("ReadOnlySpan", StringComparison.Ordinal) });
        }

        int length = Int(1, 4);
        var body = new List<Stmt> { new Decl(t + "[]", "r", new NewArr(t, new IntLit(length), false)) };
        var r = new Sym { Name = "r", Kind = "arr", Len = length, Writable = true };
        sc.Syms.Add(r);
        if (ps.Any(p => p.Name == "v") && P(40))
        {
            // foreach (T x in v) r[k] += e(x): the helper walks the caller's array, itself or through a span.
            string x = Fresh("x");
            var inner = sc.Clone();
            inner.LoopDepth++;
            inner.Syms.Add(new Sym { Name = x, Kind = "real", Assignable = false });
            inner.Iterated = inner.Iterated.Append("v").ToArray();
            // The element read is always in the addend, so the caller's array reaches the result through the loop.
            Expr addend = P(50) ? new Bin("*", new Var(x), RealExpr(inner, 1)) : new Bin("+", RealExpr(inner, 1), new Var(x));
            var accumulate = new Assign(new Index("r", IndexFor(inner, r)), "+=", addend);
            body.Add(new Foreach(t, x, "v", new Block(new Stmt[] { accumulate })));
        }
        else if (P(60))
        {
            // for (int i = 0; i < r.Length; i++) r[i] = e(i);
            string i = Fresh("i");
            var inner = sc.Clone();
            inner.LoopDepth++;
            inner.Syms.Add(new Sym { Name = i, Kind = "int", Lo = 0, Hi = length });
            var fill = new Assign(new Index("r", new Var(i)), P(80) ? "=" : "+=", RealExpr(inner, 2));
            body.Add(new For("int", i, new IntLit(0), new Bin("<", new Var(i), new Len("r")), false, new Block(new Stmt[] { fill })));
        }
        else
        {
            int writes = Int(1, 2);
            for (int j = 0; j < writes; j++) body.Add(new Assign(new Index("r", IndexFor(sc, r)), P(70) ? "=" : "+=", RealExpr(sc, 2)));
        }
        body.AddRange(Statements(sc, Int(0, 3), 1));
        body.Add(new Return(new Var("r")));
        return new Method("A" + index, ps.ToArray(), new Block(body.ToArray()), false);
    }

    /// <summary><c>T[] e = A0(args);</c>: real arguments drawn, an array argument one of F's arrays of the helper's length.</summary>
    private Stmt? ArrayHelperCall(Scope sc)
    {
        string t = _f ? "float" : "double";
        Method m = Pick(sc.ArrayHelpers);
        var args = new List<Expr>();
        foreach (Param q in m.Params)
        {
            if (q.IsReal) { args.Add(RealExpr(sc, 2)); continue; }
            var fits = sc.Syms.Where(x => x.Kind == "arr" && !x.IsRow && !x.IsView && x.Len == q.Value && (!x.IsSpan || !q.Type.EndsWith("[]", StringComparison.Ordinal))).ToList();
            if (fits.Count == 0) return null;
            args.Add(new Var(Pick(fits).Name));
        }

        string name = Fresh("e");
        var decl = new Decl(t + "[]", name, new Call(m.Name, args.ToArray()));
        sc.Syms.Add(new Sym { Name = name, Kind = "arr", Len = ((IntLit)((NewArr)((Decl)m.Body.S[0]).Init).Size).V, Writable = P(40), FromHelper = true });
        return decl;
    }
}
