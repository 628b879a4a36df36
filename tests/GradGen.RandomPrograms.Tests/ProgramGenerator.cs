using CsCheck;

namespace GradGen.RandomPrograms;

/// <summary>Random programs of the grammar GradGen supports. Random choices come from CsCheck generators;
/// the grammar is context-dependent (names in scope, index ranges), so it is written as code that draws
/// from a PCG.</summary>
public sealed partial class ProgramGenerator
{
    private PCG _pcg;

    /// <summary>The stream that draws whether a callee calls itself, and what such a callee and the depths passed to it
    /// are made of: a stream of its own, so that every program without one is the program the seed drew before.</summary>
    private readonly PCG? _recursion;
    private bool _f;
    private int _names;

    private sealed class Sym
    {
        public required string Name;
        public required string Kind; // "real", "int", "long", "arr"
        public bool Assignable;
        public bool Writable;       // array elements may be written (local buffers)
        public bool IsSpan;          // a span: no long index
        public int Len;              // array length (a jagged parameter's rows)
        public int Cols;             // a jagged parameter's row length
        public bool IsRow;           // a row of jagged data (an alias or a foreach variable): read by index only
        public int Lo, Hi;           // int: value range [Lo, Hi) while in scope
        public string IntType = "int"; // int or long: its C# type (uint, ulong, byte, ...)
        /// <summary>A uint or ulong: no span index; a ulong meets int values only as constants.</summary>
        public bool Unsigned => IntType is "uint" or "ulong";
        /// <summary>A type without negative values: the compiler rejects a pattern that only they would match.</summary>
        public bool NoPatterns => IntType is "uint" or "ulong" or "byte" or "ushort";
        public string[]? TupleTypes; // tup: the element types (T or int)
        public string[]? TupleNames; // tup: the element names (ItemN where unnamed)
        public int KRange;           // tdata: K takes the values [0, KRange)
        public bool IsIn;            // an in parameter (a lambda cannot capture it)
        public bool IsView;          // a view of another array or span (ReadOnlySpan<T> s = a.AsSpan(1, 2))
        public Sym? Root;            // of a view: the local buffer it views, if any
        public bool HasView;         // of a local buffer: a view of it was taken (it is then never reassigned)
        public Expr? Size;           // of a local T[] buffer: the length it was created with (fixed for the method)
        public bool TopLevel;        // of a local buffer: declared in F's body itself
        public bool FromHelper;      // a local array an array helper returned
    }

    private sealed class Scope
    {
        public List<Sym> Syms = new();
        public int LoopDepth;
        public bool CanBreak, CanContinue;
        /// <summary>Inside ?:, &amp;&amp; or ||: GradGen rejects calls of [Differentiable] methods there (GG0012), so they are rare.</summary>
        public bool NoCalls;
        /// <summary>Switch sections this scope is in (a switch statement is drawn at most two deep).</summary>
        public int SwitchDepth;
        /// <summary>Inside an if's branch (or a loop): where a buffer created per pass may be drawn.</summary>
        public bool Nested;
        public List<Method> Callees = new();
        /// <summary>Local functions declared at the top of F (static, or capturing F's parameters to read them).</summary>
        public List<Method> LocalFunctions = new();
        /// <summary>Arrays a foreach around this scope iterates (it keeps reading the array it started with).</summary>
        public string[] Iterated = Array.Empty<string>();
        /// <summary>Helpers that return a new array (A0, ...), which F calls as a local's initializer.</summary>
        public List<Method> ArrayHelpers = new();
        /// <summary>In the body of such a helper: no return but its last (return r;).</summary>
        public bool NoReturn;
        public Scope Clone() => new() { Syms = Syms.ToList(), LoopDepth = LoopDepth, CanBreak = CanBreak, CanContinue = CanContinue, Callees = Callees, LocalFunctions = LocalFunctions, NoCalls = NoCalls, SwitchDepth = SwitchDepth, Nested = Nested, Iterated = Iterated, ArrayHelpers = ArrayHelpers, NoReturn = NoReturn };
    }

    private static readonly Gen<int> Pct = Gen.Int[0, 99];
    private static readonly double[] Lits = { 0.5, 1.0, 1.5, 2.0, 0.25, 3.0, 0.1, 0.75, 1.25, 2.5, 0.9, 4.0 };

    public ProgramGenerator(PCG pcg, PCG? recursion = null)
    {
        _pcg = pcg;
        _recursion = recursion;
    }

    /// <summary>The share (percent) of helpers and [Differentiable] callees that call themselves.</summary>
    private const int RecursivePercent = 20;

    private int Int(int lo, int hi) => Gen.Int[lo, hi].Generate(_pcg, null, out _);
    private bool P(int percent) => Pct.Generate(_pcg, null, out _) < percent;
    private bool PerMille(int perMille) => Int(0, 999) < perMille;
    private T Pick<T>(IReadOnlyList<T> xs) => xs[Int(0, xs.Count - 1)];
    private string Fresh(string prefix) => prefix + _names++;

    public static Prog Generate(ulong seed, double floatShare)
    {
        var g = new ProgramGenerator(new PCG(1, seed), new PCG(2, seed));
        return g.Program(floatShare);
    }

    /// <summary>A random point for the program: real parameters and array elements.</summary>
    public static double[] Point(Prog p, PCG pcg)
    {
        int n = Interpreter.PointSize(p.F);
        var r = new double[n];
        // Uniform in [-2, 2) with all 53 bits random (CsCheck's own double generators favour special values).
        Gen<ulong> g = Gen.ULong;
        for (int i = 0; i < n; i++)
        {
            double v = 4.0 * ((g.Generate(pcg, null, out _) >> 11) * (1.0 / (1UL << 53))) - 2.0;
            r[i] = p.IsFloat ? (float)v : v;
        }
        return r;
    }

    /// <summary>Non-zero starting adjoints for the pullback.</summary>
    public static double[] Adjoints(Prog p, PCG pcg)
    {
        int k = Interpreter.Coordinates(p.F);
        var r = new double[k];
        Gen<double> g = Gen.Double[0.5, 1.5];
        for (int i = 0; i < k; i++)
        {
            double v = g.Generate(pcg, null, out _) * (Gen.Bool.Generate(pcg, null, out _) ? 1 : -1);
            r[i] = p.IsFloat ? (float)v : v;
        }
        return r;
    }

    public Prog Program(double floatShare)
    {
        _f = Gen.Double[0, 1].Generate(_pcg, null, out _) < floatShare;
        string t = _f ? "float" : "double";
        var prms = new List<Param>();
        var callees = new List<Method>();
        var scope = new Scope { Callees = callees };
        string[] realNames = { "x", "y", "z" };
        int nReal = Int(1, 3);
        for (int i = 0; i < nReal; i++)
        {
            bool isIn = P(20), nd = P(15);
            prms.Add(new Param(t, realNames[i], isIn, nd, 0));
            scope.Syms.Add(new Sym { Name = realNames[i], Kind = "real", Assignable = !isIn, IsIn = isIn });
        }
        int nArr = Int(0, 2);
        string[] arrNames = { "a", "b" };
        string[] arrTypes = { t + "[]", "ReadOnlySpan<" + t + ">", "Span<" + t + ">" };
        for (int i = 0; i < nArr; i++)
        {
            string ty = Pick(arrTypes);
            int len = Int(1, 4);
            bool nd = P(20);
            bool arrIn = !ty.EndsWith("[]", StringComparison.Ordinal) && P(15);
            prms.Add(new Param(ty, arrNames[i], arrIn, nd, len));
            scope.Syms.Add(new Sym { Name = arrNames[i], Kind = "arr", Len = len, IsSpan = !ty.EndsWith("[]", StringComparison.Ordinal), IsIn = arrIn });
        }
        if (P(10))
        {
            // A jagged parameter: weights (in the point) or [NoDerivative] fixed data: d[i][j], rows, d.Length, d[i].Length.
            int rows = Int(1, 3), cols = Int(1, 3);
            prms.Add(new Param(t + "[][]", "d", false, P(50), rows * 10 + cols));
            scope.Syms.Add(new Sym { Name = "d", Kind = "jag", Len = rows, Cols = cols });
        }
        if (P(8))
        {
            // A two-dimensional parameter, weights or [NoDerivative] data: m[i, j], m.GetLength(0), m.GetLength(1), m.Length.
            int rows = Int(1, 3), cols = Int(1, 3);
            prms.Add(new Param(t + "[,]", "m", false, P(30), rows * 10 + cols));
            scope.Syms.Add(new Sym { Name = "m", Kind = "mat", Len = rows, Cols = cols });
        }
        if (P(10)) prms.Add(TupleDataParam(scope));
        if (P(35))
        {
            int nv = Int(0, 3);
            string nt = IntParamType();
            prms.Add(new Param(nt, "n", false, false, nv));
            scope.Syms.Add(new Sym { Name = "n", Kind = "int", Lo = nv, Hi = nv + 1, IntType = nt });
        }
        int nCallees = P(25) ? Int(1, 2) : 0;
        var fArrays = scope.Syms.Where(x => x.Kind == "arr").ToList();
        for (int c = 0; c < nCallees; c++)
        {
            if (P(25))
            {
                callees.Add(CustomCallee(c));
                continue;
            }

            var ps = new List<Param>();
            int np = Int(1, 2);
            for (int i = 0; i < np; i++) ps.Add(new Param(t, "u" + i, P(15), false, 0));
            var sc = new Scope { Callees = callees.ToList() };
            foreach (Param p in ps) sc.Syms.Add(new Sym { Name = p.Name, Kind = "real", Assignable = !p.In, IsIn = p.In });
            if (fArrays.Count > 0 && P(40))
            {
                // A span parameter as long as one of F's arrays (calls pass an array of that length).
                int len = Pick(fArrays).Len;
                ps.Insert(Int(0, ps.Count), new Param("ReadOnlySpan<" + t + ">", "v", P(15), P(20), len));
                sc.Syms.Add(new Sym { Name = "v", Kind = "arr", Len = len, IsSpan = true });
            }
            Block body = P(50) ? new Block(new Stmt[] { new Return(RealExpr(sc, 3)) }) : Body(sc, 2);
            var callee = new Method((P(50) ? "H" : "G") + c, ps.ToArray(), body, body.S.Length == 1);
            callees.Add(FromRecursionStream(() => Int(0, 99) < RecursivePercent) ? Recursive(callee) : callee);
        }
        // Array helpers stay out of the callees a real expression calls: F receives their arrays in locals.
        if (P(12)) scope.ArrayHelpers.Add(ArrayHelper(callees.Count, fArrays, callees.ToList()));
        // Parameters in a random order, but at least one differentiable.
        if (!prms.Any(p => p.Differentiable)) prms[0] = prms[0] with { NoDeriv = false };
        prms = prms.OrderBy(_ => Int(0, 1000)).ToList();

        Block fBody;
        if (P(10)) fBody = new Block(new Stmt[] { new Return(RealExpr(scope, 4)) });
        else
        {
            var top = new List<Stmt>();
            int nBuf = P(45) ? Int(1, 2) : 0;
            for (int i = 0; i < nBuf; i++)
            {
                bool stack = P(40);
                Sym? lenOf = scope.Syms.Where(s => s.Kind == "arr" && !s.Name.StartsWith('w')).FirstOrDefault();
                Expr size; int len;
                if (lenOf is not null && P(50)) { size = new Len(lenOf.Name); len = lenOf.Len; }
                else { len = Int(1, 4); size = new IntLit(len); }
                // Two buffers of one length, which may be swapped (or one reassigned from the other's kind).
                if (!stack && scope.Syms.LastOrDefault(s => s.TopLevel && s.Size is not null) is { } first && P(70)) (size, len) = (first.Size!, first.Len);
                string name = Fresh("w");
                top.Add(new Decl(stack ? "Span<" + t + ">" : t + "[]", name, new NewArr(t, size, stack)));
                scope.Syms.Add(new Sym { Name = name, Kind = "arr", Len = len, Writable = true, IsSpan = stack, Size = stack ? null : size, TopLevel = true });
            }
            if (P(12)) top.AddRange(LocalFunctions(scope));
            if (callees.FirstOrDefault(m => m.IsCustom) is { } custom && P(70))
            {
                // A custom-derivative callee's result in a local that the rest of F reads.
                string name = Fresh("c");
                var reals = prms.Where(q => q.IsReal && q.Differentiable).Select(q => q.Name).ToList();
                top.Add(new Decl(t, name, new Call(custom.Name, custom.Params.Select(_ => reals.Count > 0 && P(60) ? new Var(Pick(reals)) : RealExpr(scope, 2)).ToArray())));
                scope.Syms.Add(new Sym { Name = name, Kind = "real", Assignable = true });
            }

            top.AddRange(Body(scope, 3).S);
            fBody = new Block(top.ToArray());
        }
        var all = callees.Concat(scope.ArrayHelpers).ToList();
        all.Add(new Method("F", prms.ToArray(), fBody, fBody.S.Length == 1 && P(70)));
        return new Prog(_f, all.ToArray());
    }

    /// <summary>Runs <paramref name="draw"/> on the recursion stream (on the program's own where there is none).</summary>
    private T FromRecursionStream<T>(Func<T> draw)
    {
        PCG main = _pcg;
        _pcg = _recursion ?? main;
        try { return draw(); }
        finally { _pcg = main; }
    }

    /// <summary>
    /// The callee made to call itself: an <c>int d</c> parameter last, and before its body
    /// <c>if (d &gt; 0) { T rec = G(e0, e1, [v], d - 1); return e(rec); }</c>, the arguments and the result drawn over its
    /// parameters (F passes d from 0 to 3). GradGen differentiates it through its own pullback (and pushforward, and pullback
    /// pushed forward), which call themselves as the method does.
    /// </summary>
    private Method Recursive(Method m) => FromRecursionStream(() =>
    {
        string t = _f ? "float" : "double";
        var sc = new Scope { NoCalls = true };
        foreach (Param q in m.Params)
        {
            if (q.IsReal) sc.Syms.Add(new Sym { Name = q.Name, Kind = "real", Assignable = false, IsIn = q.In });
            else sc.Syms.Add(new Sym { Name = q.Name, Kind = "arr", Len = q.Value, IsSpan = true });
        }
        var args = m.Params.Select(q => q.IsReal ? RealExpr(sc, 2) : new Var(q.Name)).Append(new Bin("-", new Var("d"), new IntLit(1))).ToArray();
        Scope after = sc.Clone();
        after.Syms.Add(new Sym { Name = "rec", Kind = "real", Assignable = false });
        Expr result = P(70) ? new Bin(Pick(new[] { "*", "+" }), new Var("rec"), RealExpr(after, 2)) : RealExpr(after, 3);
        var recurse = new If(new Bin(">", new Var("d"), new IntLit(0)), new Block(new Stmt[] { new Decl(t, "rec", new Call(m.Name, args)), new Return(result) }), null);
        return new Method(m.Name, m.Params.Append(new Param("int", "d", false, false, 0)).ToArray(), new Block(m.Body.S.Prepend(recurse).ToArray()), false);
    });

    /// <summary>A block ending in a return.</summary>
    private Block Body(Scope sc, int maxLoopDepth)
    {
        var st = Statements(sc, Int(1, 5), maxLoopDepth);
        st.Add(new Return(StatementValue(sc, 3)));
        return new Block(st.ToArray());
    }

    private List<Stmt> Statements(Scope sc, int count, int maxLoopDepth)
    {
        var r = new List<Stmt>();
        for (int i = 0; i < count; i++)
        {
            Stmt s = Statement(sc, maxLoopDepth);
            if (s is PendingLoop pl) { r.Add(new Decl("int", pl.Counter, new IntLit(0))); r.Add(pl.Loop); }
            else if (s is PendingMany pm) r.AddRange(pm.S);
            else r.Add(s);
        }
        return r;
    }

    private Block SubBlock(Scope sc, int maxLoopDepth, int count)
    {
        Scope inner = sc.Clone();
        inner.Nested = true;
        return new(Statements(inner, count, maxLoopDepth).ToArray());
    }

    private Stmt Statement(Scope sc, int maxLoopDepth)
    {
        string t = _f ? "float" : "double";
        int roll = Int(0, 99);
        var reals = sc.Syms.Where(s => s.Kind == "real" && s.Assignable).ToList();
        var bufs = sc.Syms.Where(s => s.Kind == "arr" && s.Writable).ToList();
        if (sc.SwitchDepth < 2 && IntSyms(sc).Count > 0 && P(2)) return SwitchStatement(sc, maxLoopDepth);
        if (BufferStatement(sc, maxLoopDepth) is { } buffer) return buffer;
        if (sc.ArrayHelpers.Count > 0 && PerMille(sc.Syms.Any(s => s.FromHelper) ? 40 : 300) && ArrayHelperCall(sc) is { } fromHelper) return fromHelper;
        if (PerMille(35)) return TupleStatement(sc, reals, bufs);
        // Tuple locals: declared now and then, used more often once one is in scope.
        if (PerMille(sc.Syms.Any(s => s.Kind == "tup") ? 250 : 22) && TupleLocalStatement(sc, reals) is { } tupleLocal) return tupleLocal;
        if (PerMille(12)) return SmallIntegerStatement(sc);
        if (sc.Syms.FirstOrDefault(s => s.Kind == "jag") is { } jag && PerMille(60))
        {
            // A row alias, var r = d[i]: an array (read only; no reduction of it, no long index).
            string rn = Fresh("r");
            sc.Syms.Add(new Sym { Name = rn, Kind = "arr", Len = jag.Cols, IsSpan = true, IsRow = true });
            return new Decl("var", rn, new Row(jag.Name, IndexIn(sc, jag.Len)));
        }
        if (PerMille(30)) return AssignmentsAsValues(sc, reals, bufs);
        if ((sc.LoopDepth > 0 || sc.Nested) && sc.SwitchDepth == 0 && PerMille(45)) return BufferInBlock(sc);
        if (roll < 22 || reals.Count == 0 && roll < 40)
        {
            string name = Fresh("t");
            Expr init = P(15) ? Lit(Pick(Lits)) : StatementValue(sc, 3);
            sc.Syms.Add(new Sym { Name = name, Kind = "real", Assignable = true });
            return new Decl(t, name, init);
        }
        if (roll < 45 && reals.Count > 0)
        {
            Sym v = Pick(reals);
            string op = Pick(new[] { "=", "=", "+=", "+=", "-=", "*=", "/=", "++" });
            if (op == "++") return new Assign(new Var(v.Name), "++", null);
            Expr val = op switch
            {
                "/=" => Guarded(sc),
                "*=" => P(50) ? Lit(Pick(Lits)) : RealExpr(sc, 2),
                _ => P(15) ? Lit(Pick(Lits)) : StatementValue(sc, 3),
            };
            return new Assign(new Var(v.Name), op, val);
        }
        if (roll < 55 && bufs.Count > 0)
        {
            Sym b = Pick(bufs);
            return new Assign(new Index(b.Name, IndexFor(sc, b)), Pick(new[] { "=", "+=", "-=", "*=" }), RealExpr(sc, 3));
        }
        if (roll < 65)
        {
            var (c, thenScope, elseScope) = Condition(sc);
            Block th = SubBlock(thenScope, maxLoopDepth, Int(1, 2));
            Block? el = P(40) ? SubBlock(elseScope, maxLoopDepth, Int(1, 2)) : null;
            return new If(c, th, el);
        }
        if (roll < 85 && sc.LoopDepth < maxLoopDepth) return Loop(sc, maxLoopDepth);
        if (roll < 92 && (sc.CanBreak || sc.CanContinue))
        {
            var (c, _, _) = Condition(sc);
            Stmt s = sc.CanContinue && P(40) ? new Continue() : sc.CanBreak ? new Break() : new Continue();
            return new If(c, new Block(new[] { s }), null);
        }
        if (roll < 96 && !sc.NoReturn)
        {
            var (c, th, _) = Condition(sc);
            return new If(c, new Block(new Stmt[] { new Return(RealExpr(th, 2)) }), null);
        }
        string nm = Fresh("t");
        Expr e2 = RealExpr(sc, 2);
        sc.Syms.Add(new Sym { Name = nm, Kind = "real", Assignable = true });
        return new Decl(t, nm, e2);
    }

    /// <summary>A buffer created on every pass of a loop or in a branch, <c>double[] w = new double[3];</c>, with a fixed
    /// length (a constant, an array parameter's Length, or n), and one or two first writes.</summary>
    private Stmt BufferInBlock(Scope sc)
    {
        string t = _f ? "float" : "double";
        var opts = new List<(Expr, int)> { (new IntLit(Int(1, 4)), 0) };
        opts[0] = (opts[0].Item1, ((IntLit)opts[0].Item1).V);
        foreach (Sym x in sc.Syms)
        {
            if (x.Kind == "arr" && !x.IsSpan && x.Name is "a" or "b") opts.Add((new Len(x.Name), x.Len));
            if (x.Kind == "int" && x.Name == "n" && x.Lo >= 1 && !x.Unsigned) opts.Add((new Var("n"), x.Lo));
        }
        var (size, len) = Pick(opts);
        if (ReassignableBuffers(sc).FirstOrDefault() is { } like && P(50)) (size, len) = (like.Size!, like.Len);
        string name = Fresh("w");
        var buf = new Sym { Name = name, Kind = "arr", Len = len, Writable = true, Size = size };
        var r = new List<Stmt> { new Decl(t + "[]", name, new NewArr(t, size, false)) };
        sc.Syms.Add(buf);
        int writes = Int(0, 2);
        for (int j = 0; j < writes; j++)
            r.Add(new Assign(new Index(name, IndexFor(sc, buf)), Pick(new[] { "=", "=", "+=" }), RealExpr(sc, 2)));
        ReassignFrom(sc, buf, r);
        return new PendingMany(r.ToArray());
    }

    /// <summary><c>var (p, q) = (e1, e2);</c> or <c>(a, b) = (b, a * x);</c> (swaps, buffer elements and discards included).</summary>
    private Stmt TupleStatement(Scope sc, List<Sym> reals, List<Sym> bufs)
    {
        int n = P(75) ? 2 : 3;
        if (reals.Count == 0 || P(40))
        {
            var names = new List<Expr>();
            for (int j = 0; j < n; j++) names.Add(j > 0 && P(20) ? new Var("_") : new Var(Fresh("t")));
            var values = names.Select(_ => P(10) ? Lit(Pick(Lits)) : RealExpr(sc, 2)).ToArray();
            foreach (Expr v in names)
                if (v is Var { Name: not "_" } nv) sc.Syms.Add(new Sym { Name = nv.Name, Kind = "real", Assignable = true });
            return new TupleSet(true, names.OrderBy(_ => Int(0, 1000)).ToArray(), values);
        }
        var targets = new List<Expr>();
        foreach (Sym r in reals.OrderBy(_ => Int(0, 1000)).Take(n)) targets.Add(new Var(r.Name));
        if (bufs.Count > 0 && P(30)) { Sym b = Pick(bufs); targets.Add(new Index(b.Name, IndexFor(sc, b))); }
        if (targets.Count < 2 || P(15)) targets.Add(new Var("_"));
        targets = targets.OrderBy(_ => Int(0, 1000)).ToList();
        Expr[] vals;
        if (P(35))
        {
            // A rotation: each target gets the next one's value (a swap for two), sometimes times something.
            vals = targets.Select((_, j) => targets[(j + 1) % targets.Count] is Var { Name: "_" } ? RealExpr(sc, 2)
                : P(30) ? new Bin("*", targets[(j + 1) % targets.Count], Leaf(sc)) : targets[(j + 1) % targets.Count]).ToArray();
        }
        else vals = targets.Select(_ => P(10) ? Lit(Pick(Lits)) : RealExpr(sc, 2)).ToArray();
        return new TupleSet(false, targets.ToArray(), vals);
    }

    /// <summary>The value of a declaration, an assignment or a return: sometimes a LINQ reduction of an array (not a
    /// span) there, alone or in arithmetic, never under ?:, &amp;&amp; or || (GradGen computes it before the statement).</summary>
    private Expr StatementValue(Scope sc, int depth)
    {
        // An array a helper returned, read in the value half the time: what the helper computed then reaches the result
        // (left to the other statements, it mostly does not, and a wrong derivative inside the helper goes unseen).
        var returned = sc.Syms.Where(s => s.Kind == "arr" && s.FromHelper).ToList();
        if (returned.Count > 0 && P(50))
        {
            Sym e = Pick(returned);
            return new Bin("+", StatementValueWithoutHelpers(sc, depth - 1), new Index(e.Name, IndexFor(sc, e)));
        }

        return StatementValueWithoutHelpers(sc, depth);
    }

    private Expr StatementValueWithoutHelpers(Scope sc, int depth)
    {
        if (PerMille(70) && QueryValue(sc) is { } query) return Int(0, 3) == 0 ? new Bin("+", RealExpr(sc, depth - 1), query) : query;
        var arrays = sc.Syms.Where(s => s.Kind == "arr" && !s.IsSpan).ToList();
        if (arrays.Count == 0 || !PerMille(50)) return RealExpr(sc, depth);
        Expr r = new Reduce(Pick(new[] { "Sum", "Average", "Max", "Min" }), Pick(arrays).Name);
        return Int(0, 3) switch
        {
            0 => new Bin("*", r, RealExpr(sc, depth - 1)),
            1 => new Bin("+", RealExpr(sc, depth - 1), r),
            _ => r,
        };
    }

    /// <summary>Assignments used as values, none under ?:, &amp;&amp; or || and none of a variable the statement reads
    /// before: <c>int c = 0; w[c++] = e1; w[c++] = e2;</c>, <c>s = t = e;</c>, <c>int c = 0; t = e / ++c;</c>.
    /// The int local c is not put in scope (its value changes where the grammar's ranges do not follow it).</summary>
    private Stmt AssignmentsAsValues(Scope sc, List<Sym> reals, List<Sym> bufs)
    {
        string t = _f ? "float" : "double";
        int kind = Int(0, 2);
        if (kind == 0 && bufs.Count > 0)
        {
            Sym b = Pick(bufs);
            string c = Fresh("c");
            var r = new List<Stmt> { new Decl("int", c, new IntLit(0)) };
            int writes = Int(1, Math.Min(b.Len, 3));
            for (int j = 0; j < writes; j++) r.Add(new Assign(new Index(b.Name, new AssignExpr(new Var(c), "post++", null)), "=", RealExpr(sc, 2)));
            return new PendingMany(r.ToArray());
        }
        if (kind == 1 && reals.Count >= 1)
        {
            Sym inner = Pick(reals);
            Expr value = new AssignExpr(new Var(inner.Name), "=", P(15) ? Lit(Pick(Lits)) : RealExpr(sc, 2));
            var others = reals.Where(x => x.Name != inner.Name).ToList();
            if (others.Count == 0 || P(40))
            {
                string name = Fresh("t");
                sc.Syms.Add(new Sym { Name = name, Kind = "real", Assignable = true });
                return new Decl(t, name, value);
            }
            return new Assign(new Var(Pick(others).Name), "=", value);
        }
        {
            string c = Fresh("c");
            Expr e = RealExpr(sc, 2);
            Expr use = P(50) ? new Bin("/", e, new AssignExpr(new Var(c), "pre++", null)) : new Bin("*", e, new AssignExpr(new Var(c), P(50) ? "pre++" : "post++", null));
            string name = Fresh("t");
            var r = new List<Stmt> { new Decl("int", c, new IntLit(Int(0, 2))), new Decl(t, name, use) };
            sc.Syms.Add(new Sym { Name = name, Kind = "real", Assignable = true });
            return new PendingMany(r.ToArray());
        }
    }

    /// <summary>A loop bound: an int expression with its value.</summary>
    private (Expr e, int v) Bound(Scope sc)
    {
        var opts = new List<(Expr, int)> { (new IntLit(Int(1, 3)), 0) };
        opts[0] = (opts[0].Item1, ((IntLit)opts[0].Item1).V);
        foreach (Sym s in sc.Syms)
        {
            if (s.Kind == "arr" && !s.IsRow) { opts.Add((new Len(s.Name), s.Len)); if (P(30)) opts.Add((new Bin("-", new Len(s.Name), new IntLit(1)), s.Len - 1)); }
            if (s.Kind == "int" && s.Name == "n") opts.Add((new Var("n"), s.Lo));
            if (s.Kind == "jag") { opts.Add((new Len(s.Name), s.Len)); if (P(40)) opts.Add((new RowLen(s.Name, IndexIn(sc, s.Len)), s.Cols)); }
            if (s.Kind == "mat")
            {
                opts.Add((new MLen(s.Name, 0), s.Len));
                if (P(40)) opts.Add((new MLen(s.Name, 1), s.Cols));
                if (P(20)) opts.Add((new MLen(s.Name, -1), s.Len * s.Cols));
            }
            if (s.Kind == "tdata") opts.Add((new Len(s.Name), s.Len));
        }
        return Pick(opts);
    }

    private Stmt Loop(Scope sc, int maxLoopDepth)
    {
        string t = _f ? "float" : "double";
        var inner = sc.Clone();
        inner.LoopDepth++;
        int kind = Int(0, 9);
        var arrays = sc.Syms.Where(s => s.Kind == "arr" && !s.IsRow).ToList();
        if (kind >= 8 && sc.Syms.FirstOrDefault(s => s.Kind == "jag") is { } jag && P(35))
        {
            // foreach (double[] row in d)
            string rn = Fresh("r");
            inner.Syms.Add(new Sym { Name = rn, Kind = "arr", Len = jag.Cols, IsSpan = true, IsRow = true });
            inner.CanBreak = inner.CanContinue = true;
            return new Foreach(t + "[]", rn, jag.Name, LoopBody(inner, maxLoopDepth));
        }
        if (kind >= 7 && sc.Syms.FirstOrDefault(s => s.Kind == "tdata") is { } tdata && P(55)) return ForeachTupleData(inner, tdata, maxLoopDepth);
        if (kind >= 8 && arrays.Count > 0)
        {
            Sym a = Pick(arrays);
            string v = Fresh("v");
            inner.Syms.Add(new Sym { Name = v, Kind = "real", Assignable = false });
            inner.Iterated = inner.Iterated.Append(a.Name).ToArray();
            inner.CanBreak = inner.CanContinue = true;
            return new Foreach(t, v, a.Name, LoopBody(inner, maxLoopDepth));
        }
        var (b, bv) = Bound(sc);
        if (kind >= 6)
        {
            // while / do-while with the counter incremented last; no continue (it would skip the increment).
            string k = Fresh("k");
            bool isDo = kind == 7;
            inner.Syms.Add(new Sym { Name = k, Kind = "int", Lo = 0, Hi = isDo ? Math.Max(bv, 1) : bv });
            inner.CanBreak = true; inner.CanContinue = false;
            var body = Statements(inner, Int(1, 3), maxLoopDepth);
            body.Add(new Assign(new Var(k), "++", null));
            Expr cond = new Bin("<", new Var(k), b);
            Stmt loop = isDo ? new DoWhile(new Block(body.ToArray()), cond) : new While(cond, new Block(body.ToArray()));
            return new PendingLoop(k, loop);
        }
        string iv = Fresh(kind == 5 ? "j" : "i");
        string ctype = kind == 5 ? "long" : "int";
        inner.CanBreak = inner.CanContinue = true;
        // n - 1 of a uint n is a uint (and wraps at 0): a uint bound only counts up.
        if (kind == 4 && !(b is Var bound && sc.Syms.Any(x => x.Name == bound.Name && x.Unsigned)))
        {
            // Counting down.
            inner.Syms.Add(new Sym { Name = iv, Kind = ctype, Lo = 0, Hi = bv });
            Expr init = b is IntLit il ? new IntLit(il.V - 1) : new Bin("-", b, new IntLit(1));
            return new For(ctype, iv, init, new Bin(">=", new Var(iv), new IntLit(0)), true, LoopBody(inner, maxLoopDepth));
        }
        int start = kind == 3 ? 1 : 0;
        // Sometimes a uint counter, or a ulong one under a constant bound (a ulong meets an int only as a constant).
        bool unsigned = kind <= 3 && P(15);
        if (unsigned) ctype = b is IntLit && P(45) ? "ulong" : "uint";
        inner.Syms.Add(new Sym { Name = iv, Kind = ctype == "ulong" ? "long" : ctype == "uint" ? "int" : ctype, Lo = start, Hi = Math.Max(bv, start), IntType = ctype });
        return new For(ctype, iv, new IntLit(start), new Bin("<", new Var(iv), b), false, LoopBody(inner, maxLoopDepth));
    }

    private Block LoopBody(Scope inner, int maxLoopDepth) => new(Statements(inner, Int(1, 3), maxLoopDepth).ToArray());

    /// <summary>A boolean condition, and the scopes its true and false sides see (int ranges narrowed).</summary>
    private (Expr c, Scope th, Scope el) Condition(Scope sc)
    {
        var ints = sc.Syms.Where(s => s.Kind is "int" or "long" && s.Hi - s.Lo > 1).ToList();
        if (ints.Count > 0 && P(30))
        {
            Sym v = Pick(ints);
            Scope th = sc.Clone(), el = sc.Clone();
            if (P(50))
            {
                // v > lo: then-side has v >= lo + 1.
                Narrow(th, v, v.Lo + 1, v.Hi); Narrow(el, v, v.Lo, v.Lo + 1);
                return (new Bin(">", new Var(v.Name), new IntLit(v.Lo)), th, el);
            }
            Narrow(th, v, v.Lo, v.Lo + 1); Narrow(el, v, v.Lo + 1, v.Hi);
            return (new Bin("==", new Var(v.Name), new IntLit(v.Lo)), th, el);
        }
        return (BoolExpr(sc, 2), sc, sc);
    }

    private static Scope WithoutCalls(Scope sc)
    {
        Scope c = sc.Clone();
        c.NoCalls = true;
        return c;
    }

    private static void Narrow(Scope s, Sym v, int lo, int hi)
    {
        int i = s.Syms.IndexOf(v);
        s.Syms[i] = new Sym { Name = v.Name, Kind = v.Kind, Lo = lo, Hi = hi, Assignable = v.Assignable, IntType = v.IntType };
    }

    private Expr BoolExpr(Scope sc, int depth)
    {
        if (P(3)) return IsExpr(sc);
        int r = Int(0, 9);
        if (depth > 0 && r < 2)
        {
            Scope inner = P(90) ? WithoutCalls(sc) : sc;
            return new Bin(P(50) ? "&&" : "||", BoolExpr(inner, depth - 1), BoolExpr(inner, depth - 1));
        }
        if (depth > 0 && r == 2) return new Unary("!", BoolExpr(sc, depth - 1));
        var ints = sc.Syms.Where(s => s.Kind is "int" or "long").ToList();
        if (r == 3 && ints.Count > 0)
        {
            Sym v = Pick(ints);
            return new Bin(Pick(new[] { "<", ">", "==", "!=", "<=", ">=" }), new Var(v.Name), new IntLit(Int(0, 3)));
        }
        Expr l = RealExpr(sc, 2), r2 = P(40) ? Lit(Pick(Lits)) : RealExpr(sc, 1);
        if (r2.Equals(l)) r2 = new Bin("+", r2, Lit(Pick(Lits)));
        return new Bin(Pick(new[] { "<", "<", ">", ">", "<=", ">=", "!=" }), l, r2);
    }

    private static Expr Lit(double v) => new Lit(v);

    /// <summary>An expression that is at least 0.5: 1.5 + e * e and the like.</summary>
    private Expr Guarded(Scope sc)
    {
        Expr e = RealExpr(sc, 1);
        return Int(0, 2) switch
        {
            0 => new Bin("+", Lit(Pick(new[] { 0.5, 1.5, 2.0 })), new Bin("*", e, e)),
            1 => new Bin("+", new Bin("*", e, e), Lit(Pick(new[] { 0.5, 1.25 }))),
            _ => new Bin("+", Lit(2.0), new Call("Sin", new[] { e })),
        };
    }

    private Expr Leaf(Scope sc)
    {
        var reals = sc.Syms.Where(s => s.Kind == "real").ToList();
        var arrays = sc.Syms.Where(s => s.Kind == "arr").ToList();
        var ints = sc.Syms.Where(s => s.Kind is "int" or "long").ToList();
        int r = Int(0, 99);
        if (r < 3) return new Const(P(50) ? "PI" : "E");
        if (r < 15 || reals.Count == 0 && arrays.Count == 0) return Lit(Pick(Lits));
        if (r < 20 && sc.Syms.FirstOrDefault(s => s.Kind == "mat") is { } mat && (r < 17 || !sc.Syms.Any(s => s.Kind == "jag")))
            return new MIndex(mat.Name, IndexIn(sc, mat.Len), IndexIn(sc, mat.Cols));
        if (r < 20 && sc.Syms.FirstOrDefault(s => s.Kind == "jag") is { } jag) return new JIndex(jag.Name, IndexIn(sc, jag.Len), IndexIn(sc, jag.Cols));
        if (r < 35 && arrays.Count > 0)
        {
            Sym a = Pick(arrays);
            return new Index(a.Name, IndexFor(sc, a));
        }
        // Int values only inside real arithmetic (Math.Abs(i) would pick the int overload).
        if (r < 40 && ints.Count > 0) return P(50) ? new Bin("*", new Var(Pick(ints).Name), Lit(Pick(Lits))) : new Bin("+", Lit(Pick(Lits)), new Var(Pick(ints).Name));
        if (r < 48 && TupleLeaf(sc) is { } tupleElement) return tupleElement;
        if (reals.Count == 0) return Lit(Pick(Lits));
        return new Var(Pick(reals).Name);
    }

    /// <summary>An index in [0, n): a literal or an int variable whose range fits.</summary>
    private Expr IndexIn(Scope sc, int n)
    {
        var opts = new List<Expr> { new IntLit(Int(0, n - 1)) };
        foreach (Sym v in sc.Syms.Where(s => s.Kind == "int" && s.Name != "n" && s.Lo >= 0 && s.Hi <= n && s.Hi > s.Lo)) { opts.Add(new Var(v.Name)); opts.Add(new Var(v.Name)); }
        return Pick(opts);
    }

    /// <summary>An index expression whose values stay in [0, a.Len) for the int ranges in scope.</summary>
    private Expr IndexFor(Scope sc, Sym a)
    {
        int L = a.Len;
        // A real value cast to int and clamped into range: a[(int)Math.Clamp(e, 0, a.Length - 1)].
        if (PerMille(25) && sc.Syms.Any(s => s.Kind == "real"))
            return new ToInt(new Call("Clamp", new[] { RealExpr(WithoutCalls(sc), 1), new IntLit(0), new Bin("-", new Len(a.Name), new IntLit(1)) }));
        var opts = new List<Expr>();
        foreach (Sym v in sc.Syms.Where(s => s.Kind is "int" or "long"))
        {
            if ((v.Kind == "long" || v.Unsigned) && a.IsSpan) continue;
            if (v.Name == "n") continue;
            if (v.Kind == "long" && v.Unsigned)
            {
                // A ulong meets an int (a.Length) in no arithmetic: the counter itself, or with constants.
                if (v.Lo >= 0 && v.Hi <= L) { opts.Add(new Var(v.Name)); opts.Add(new Var(v.Name)); }
                if (v.Lo >= 0 && v.Hi + 1 <= L) opts.Add(new Bin("+", new Var(v.Name), new IntLit(1)));
                if (v.Lo >= 0 && (v.Hi + 1) / 2 <= L) opts.Add(new Bin("/", new Var(v.Name), new IntLit(2)));
                continue;
            }
            if (v.Hi <= v.Lo) { opts.Add(new Var(v.Name)); continue; }
            if (v.Lo >= 0 && v.Hi <= L) { opts.Add(new Var(v.Name)); opts.Add(new Var(v.Name)); opts.Add(new Bin("-", new Bin("-", new Len(a.Name), new IntLit(1)), new Var(v.Name))); }
            if (v.Lo >= 1 && v.Hi - 1 <= L) opts.Add(new Bin("-", new Var(v.Name), new IntLit(1)));
            if (v.Lo >= 0 && v.Hi + 1 <= L) opts.Add(new Bin("+", new Var(v.Name), new IntLit(1)));
            if (v.Lo >= 0) opts.Add(new Bin("%", new Var(v.Name), new Len(a.Name)));
            if (v.Lo >= 0 && (v.Hi + 1) / 2 <= L) opts.Add(new Bin("/", new Var(v.Name), new IntLit(2)));
        }
        opts.Add(new IntLit(Int(0, L - 1)));
        return Pick(opts);
    }

    private Expr RealExpr(Scope sc, int depth)
    {
        if (depth <= 0 || P(20)) return Leaf(sc);
        if (PerMille(5)) return SwitchExpression(sc, depth);
        int r = Int(0, 99);
        if (r < 35)
        {
            string op = Pick(new[] { "+", "+", "-", "*", "*", "/", "+", "-", "*", "%" });
            if (op == "%") return new Bin("%", RealExpr(sc, depth - 1), P(50) ? Lit(Pick(new[] { 1.5, 2.5, 0.75 })) : Guarded(sc));
            if (op == "/") return new Bin("/", RealExpr(sc, depth - 1), P(40) ? Lit(Pick(new[] { 2.0, 4.0, 0.5, 3.0 })) : Guarded(sc));
            return new Bin(op, RealExpr(sc, depth - 1), RealExpr(sc, depth - 1));
        }
        if (r < 40)
        {
            // (int)e * c or c + (int)e: a step of a real value, in real arithmetic.
            if (P(8)) return P(50) ? new Bin("*", new ToInt(RealExpr(sc, depth - 1)), Lit(Pick(Lits))) : new Bin("+", Lit(Pick(Lits)), new ToInt(RealExpr(sc, depth - 1)));
            return new Unary("-", RealExpr(sc, depth - 1));
        }
        if (r < 70) return MathCall(sc, depth - 1);
        if (r < 78)
        {
            if (P(90)) sc = WithoutCalls(sc);
            var (c, th, el) = Condition(sc);
            return new Cond(c, RealExpr(th, depth - 1), RealExpr(el, depth - 1));
        }
        if (r < 82) return Dangerous(P(90) ? WithoutCalls(sc) : sc, depth - 1);
        if (r < 86) return new Call("WithoutDerivative", new[] { RealExpr(sc, depth - 1) });
        if (r < 94 && sc.Callees.Count > 0 && !sc.NoCalls)
        {
            Method m = Pick(sc.Callees);
            var args = new List<Expr>();
            foreach (Param q in m.Params)
            {
                if (q.IsReal) { args.Add(RealExpr(sc, depth - 1)); continue; }
                if (q.IsInt) { args.Add(new IntLit(FromRecursionStream(() => Int(0, 3)))); continue; } // a recursive callee's depth
                var fits = sc.Syms.Where(x => x.Kind == "arr" && !x.IsRow && !x.IsView && x.Len == q.Value).ToList();
                if (fits.Count == 0) return Leaf(sc);
                args.Add(new Var(Pick(fits).Name));
            }
            return new Call(m.Name, args.ToArray());
        }
        if (r < 97 && sc.LocalFunctions.Count > 0 && !sc.NoCalls && P(60)) return LocalFunctionCall(sc, depth - 1);
        if (r < 97) return new Bin("*", RealExpr(sc, depth - 1), Leaf(sc));
        return Leaf(sc);
    }

    /// <summary>?: whose untaken side would be NaN or infinite if it were evaluated.</summary>
    private Expr Dangerous(Scope sc, int depth)
    {
        Expr e = RealExpr(sc, depth);
        Expr bounded = new Call(P(50) ? "Sin" : "Tanh", new[] { RealExpr(sc, depth) });
        var realVars = sc.Syms.Where(s => s.Kind == "real").ToList();
        Expr danger = Int(0, 2) switch
        {
            0 when realVars.Count > 0 => new Call("Exp", new[] { new Bin("*", Lit(1000.0), new Var(Pick(realVars).Name)) }),
            1 => new Call("Sqrt", new[] { new Bin("-", new Unary("-", Lit(1.0)), new Bin("*", e, e)) }),
            _ => new Call("Exp", new[] { new Bin("*", Lit(1000.0), new Bin("+", new Bin("*", e, e), Lit(1.0))) }),
        };
        return P(50)
            ? new Cond(new Bin("<", bounded, Lit(10.0)), e, danger)
            : new Cond(new Bin(">", bounded, Lit(10.0)), danger, e);
    }

    private Expr MathCall(Scope sc, int depth)
    {
        Expr E() => RealExpr(sc, depth);
        Expr C(string f, params Expr[] a) => new Call(f, a);
        Expr Sq(Expr e) => new Bin("*", e, e);
        Expr Plus(double c, Expr e) => new Bin("+", Lit(c), e);
        Expr Times(double c, Expr e) => new Bin("*", Lit(c), e);
        string fn = Pick(new[]
        {
            "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Atan2", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh",
            "Exp", "Log", "Log2Args", "Log10", "Log2", "Sqrt", "Cbrt", "Pow", "PowInt", "Abs", "Max", "Min", "FusedMultiplyAdd",
            "Floor", "Ceiling", "Round", "Truncate", "Sign",
            "Clamp", "Hypot", "LogP1", "ExpM1", "CopySign", "ScaleB", "ReciprocalSqrtEstimate", "SinCos.Sin", "SinCos.Cos",
        });
        switch (fn)
        {
            case "Sin": case "Cos": case "Atan": case "Tanh": case "Asinh": case "SinCos.Sin": case "SinCos.Cos": return C(fn, E());
            case "Tan": return C("Tan", C("Sin", E()));
            case "Asin": case "Acos": case "Atanh": return C(fn, Times(0.9, C(P(50) ? "Tanh" : "Sin", E())));
            case "Atan2": return C("Atan2", E(), P(50) ? Plus(1.5, Sq(E())) : E());
            case "Sinh": case "Cosh": return C(fn, P(50) ? C("Sin", E()) : Times(0.5, C("Tanh", E())));
            case "Acosh": return C("Acosh", Plus(1.25, Sq(E())));
            case "Exp": return C("Exp", P(60) ? C("Sin", E()) : new Unary("-", Sq(E())));
            case "Log": return C("Log", Plus(1.5, Sq(E())));
            case "Log2Args": return C("Log", Plus(1.5, Sq(E())), Plus(2.5, Sq(E())));
            case "Log10": case "Log2": return C(fn, new Bin("+", Sq(E()), Lit(0.5)));
            case "Sqrt": return C("Sqrt", new Bin("+", Sq(E()), Lit(0.25)));
            case "Cbrt": return C("Cbrt", P(50) ? new Bin("-", C("Sin", E()), Lit(2.0)) : Plus(1.5, Sq(E())));
            case "Pow": return C("Pow", Plus(1.5, Sq(E())), P(50) ? C("Sin", E()) : E());
            case "PowInt": return C("Pow", E(), Lit(Pick(new[] { 2.0, 3.0 })));
            case "Abs": case "Floor": case "Ceiling": case "Round": case "Truncate": return C(fn, E());
            case "Sign": return new Bin("*", E(), C("Sign", E()));
            case "Max": case "Min":
            {
                Expr l = E(), r = E();
                return C(fn, l, r.Equals(l) ? new Bin("*", Lit(0.5), r) : r);
            }
            case "Clamp": return C("Clamp", E(), new Unary("-", Plus(0.25, Sq(E()))), Plus(0.25, Sq(E())));
            case "Hypot": return C("Hypot", E(), Plus(0.5, Sq(E())));
            case "LogP1": return C("LogP1", Plus(0.5, Sq(E())));
            case "ExpM1": return C("ExpM1", C("Sin", E()));
            case "CopySign": return C("CopySign", E(), E());
            case "ScaleB": return C("ScaleB", E(), new IntLit(Int(0, 3)));
            case "ReciprocalSqrtEstimate": return C("ReciprocalSqrtEstimate", Plus(0.5, Sq(E())));
            default: return C("FusedMultiplyAdd", E(), E(), E());
        }
    }

    // ---- patterns: is, switch expressions, switch statements ----

    private static readonly double[] Thresholds = { -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 1.5 };
    private static readonly string[] RelOps = { "<", "<=", ">", ">=" };

    /// <summary>A real constant for a pattern: a literal, negated when below 0, sometimes an int literal (converted).</summary>
    private Expr RealConst(double v)
    {
        Expr lit = v == Math.Floor(v) && P(20) ? new IntLit((int)Math.Abs(v)) : Lit(Math.Abs(v));
        return v < 0 ? new Unary("-", lit) : lit;
    }

    private List<Sym> IntSyms(Scope sc) => sc.Syms.Where(s => s.Kind is "int" or "long" && !s.NoPatterns).ToList();

    /// <summary>An int value to test: a counter or n, sometimes arithmetic on it.</summary>
    private Expr IntInput(List<Sym> ints)
    {
        Expr v = new Var(Pick(ints).Name);
        return Int(0, 9) switch
        {
            0 => new Bin("%", v, new IntLit(Int(2, 3))),
            1 => new Bin("+", v, new IntLit(1)),
            _ => v,
        };
    }

    /// <summary>A real value to test: a variable, an array element or arithmetic on them, never a call (GradGen
    /// tests it once per pattern, so it must read the same each time: GG0012 otherwise). Null if there is none.</summary>
    private Expr? RealInput(Scope sc)
    {
        var reals = sc.Syms.Where(s => s.Kind == "real").ToList();
        var arrays = sc.Syms.Where(s => s.Kind == "arr").ToList();
        if (reals.Count == 0 && arrays.Count == 0) return null;
        Expr Atom()
        {
            if (arrays.Count > 0 && (reals.Count == 0 || P(35))) { Sym a = Pick(arrays); return new Index(a.Name, IndexFor(sc, a)); }
            return new Var(Pick(reals).Name);
        }
        return Int(0, 9) switch
        {
            < 5 => Atom(),
            < 8 => new Bin(Pick(new[] { "+", "-", "*" }), Atom(), P(50) ? Atom() : Lit(Pick(Lits))),
            8 => new Unary("-", Atom()),
            _ => new Bin("-", new Bin("*", Atom(), Atom()), Lit(Pick(Lits))),
        };
    }

    private Pat IntPattern()
    {
        int a = Int(0, 4), b = Int(0, 4);
        (int lo, int hi) = (Math.Min(a, b), Math.Max(a, b));
        return Int(0, 7) switch
        {
            0 or 1 => new PConst(new IntLit(a)),
            2 => new PBin("or", new PConst(new IntLit(a)), new PConst(new IntLit(b))),
            3 or 4 => new PRel(Pick(RelOps), new IntLit(a)),
            5 => new PBin("and", new PRel(">=", new IntLit(lo)), new PRel("<", new IntLit(hi + 1))),
            6 => new PNot(new PConst(new IntLit(a))),
            _ => new PBin("or", new PConst(new IntLit(a)), new PRel(">", new IntLit(b))),
        };
    }

    private Pat RealPattern()
    {
        double c = Pick(Thresholds), d = Pick(Thresholds);
        if (c > d) (c, d) = (d, c);
        if (c == d) d = c + 0.5;
        return Int(0, 6) switch
        {
            0 or 1 => new PRel(Pick(RelOps), RealConst(c)),
            2 => new PBin("and", new PRel(P(70) ? ">=" : ">", RealConst(c)), new PRel(P(70) ? "<" : "<=", RealConst(d))),
            3 => new PBin("or", new PRel(P(70) ? "<" : "<=", RealConst(c)), new PRel(P(70) ? ">" : ">=", RealConst(d))),
            4 => new PNot(new PRel(Pick(RelOps), RealConst(c))),
            5 => new PNot(new PBin("and", new PRel(">=", RealConst(c)), new PRel("<", RealConst(d)))),
            _ => new PBin("or", new PNot(new PRel(">", RealConst(c))), new PRel(">=", RealConst(d))),
        };
    }

    /// <summary><c>e is pattern</c> on a real value (or an int one: a counter or n).</summary>
    private Expr IsExpr(Scope sc)
    {
        var ints = IntSyms(sc);
        Expr? input = ints.Count > 0 && P(35) ? null : RealInput(sc);
        bool onInt = input is null;
        if (onInt && ints.Count == 0) return new Bin(">", Leaf(sc), Lit(Pick(Lits)));
        input ??= IntInput(ints);
        for (int attempt = 0; attempt < 8; attempt++)
        {
            Pat p = onInt ? IntPattern() : RealPattern();
            // The compiler rejects a pattern that never matches (and warns about one that always does).
            if (PatternFacts.Accepted(new[] { (p, false) }, onInt) && !PatternFacts.Always(p, onInt)) return new Is(input, p);
        }
        return new Is(input, new PRel(">", onInt ? new IntLit(0) : Lit(0.5)));
    }

    /// <summary>A condition for a when clause: one the compiler cannot fold to a constant (it would count a constant
    /// true guard as matching, and reject the labels after it), without calls (GG0012 in a guard).</summary>
    private Expr Guard(Scope sc)
    {
        for (int attempt = 0; attempt < 4; attempt++)
        {
            Expr g = BoolExpr(WithoutCalls(sc), 1);
            if (PatternFacts.Varying(g)) return g;
        }
        return IsExpr(sc);
    }

    /// <summary><c>v switch { &lt; c1 =&gt; e1, &gt;= c1 and &lt; c2 =&gt; e2, _ =&gt; e3 }</c> on a real value, or
    /// <c>k switch { 0 =&gt; e1, 1 or 2 =&gt; e2, _ =&gt; e3 }</c> on an int one; a discard arm last.</summary>
    private Expr SwitchExpression(Scope sc, int depth)
    {
        // Its arms are the branches of a ?: to GradGen: calls of [Differentiable] methods there are GG0012, so rare.
        if (P(90)) sc = WithoutCalls(sc);
        var ints = IntSyms(sc);
        Expr? input = ints.Count > 0 && P(40) ? null : RealInput(sc);
        bool onInt = input is null;
        if (onInt && ints.Count == 0) return Leaf(sc);
        input ??= IntInput(ints);
        var pats = new List<(Pat P, bool Guarded)>();
        if (!onInt && P(60))
        {
            // A ladder of thresholds.
            var cs = Thresholds.OrderBy(_ => Int(0, 1000)).Take(Int(1, 2)).OrderBy(c => c).ToArray();
            bool strict = P(70);
            pats.Add((new PRel(strict ? "<" : "<=", RealConst(cs[0])), false));
            if (cs.Length > 1) pats.Add((new PBin("and", new PRel(strict ? ">=" : ">", RealConst(cs[0])), new PRel(strict ? "<" : "<=", RealConst(cs[1]))), false));
            if (P(30)) pats.Add((new PRel(strict ? ">=" : ">", RealConst(cs[^1])), false));
        }
        else
        {
            int n = Int(1, 3);
            for (int i = 0; i < n; i++)
                for (int attempt = 0; attempt < 6; attempt++)
                {
                    pats.Add((onInt ? (P(40) ? new PConst(new IntLit(Int(0, 3))) : IntPattern()) : RealPattern(), false));
                    if (PatternFacts.Accepted(pats.Append((new PDiscard(), false)).ToList(), onInt)) break;
                    pats.RemoveAt(pats.Count - 1);
                }
        }
        var arms = new List<Arm>();
        foreach (var (p, _) in pats)
        {
            Expr? when = P(15) ? Guard(sc) : null;
            arms.Add(new Arm(p, when, RealExpr(sc, depth - 1)));
        }
        arms.Add(new Arm(new PDiscard(), null, RealExpr(sc, depth - 1)));
        if (!PatternFacts.Accepted(arms.Select(a => (a.P, a.When is not null)).ToList(), onInt)) return Leaf(sc);
        return new SwitchExpr(input, arms.ToArray());
    }

    /// <summary>A switch statement on n or a counter: sections of ordinary statements, each ending with break,
    /// return or continue (in a for or foreach loop); labels case c, two labels, a relational pattern, a when
    /// guard, and a default section, not always last. No break before a section's end (GG0007); a section's
    /// locals in its own block.</summary>
    private Stmt SwitchStatement(Scope sc, int maxLoopDepth)
    {
        var ints = IntSyms(sc);
        Expr input = IntInput(ints);
        int n = Int(1, 4);
        int defaultAt = P(60) ? Int(0, n - 1) : -1;
        var sections = new List<Section>();
        var pats = new List<(Pat P, bool Guarded)>();
        for (int i = 0; i < n; i++)
        {
            var labels = new List<CaseLabel>();
            if (i == defaultAt) labels.Add(new CaseLabel(null, null));
            else
            {
                int nl = P(25) ? 2 : 1;
                for (int j = 0; j < nl; j++)
                    for (int attempt = 0; attempt < 6; attempt++)
                    {
                        Pat p = P(50) ? new PConst(new IntLit(Int(0, 4))) : IntPattern();
                        Expr? when = P(15) ? Guard(sc) : null;
                        pats.Add((p, when is not null));
                        // A label the ones before it already handle is an error (CS8120, CS0152).
                        if (PatternFacts.Accepted(pats, true)) { labels.Add(new CaseLabel(p, when)); break; }
                        pats.RemoveAt(pats.Count - 1);
                    }
                if (labels.Count == 0) continue;
            }
            var inner = sc.Clone();
            inner.CanBreak = false; // a break would end the section early: GG0007
            inner.SwitchDepth++;
            var body = Statements(inner, Int(0, 2), maxLoopDepth);
            Stmt end = sc.CanContinue && P(15) ? new Continue() : P(15) && !sc.NoReturn ? new Return(RealExpr(inner, 2)) : new Break();
            sections.Add(new Section(labels.ToArray(), new Block(body.ToArray()), body.Any(s => s is Decl or TupleDecl or TupleFrom { Declare: true }) || P(10), end));
        }
        return new Switch(input, sections.ToArray());
    }
}

/// <summary>What the C# compiler decides about patterns on a value, computed on one value of each class the
/// patterns tell apart: reachability (a pattern that matches nothing, or nothing the unguarded patterns before it
/// left, is an error) and exhaustiveness.</summary>
public static class PatternFacts
{
    public static double Value(Expr e) => e switch
    {
        Lit l => l.V,
        IntLit i => i.V,
        Unary { Op: "-" } u => -Value(u.E),
        _ => throw new InvalidOperationException("not a pattern constant: " + e),
    };

    public static bool Holds(Pat p, double x) => p switch
    {
        PDiscard => true,
        PNot n => !Holds(n.P, x),
        PBin { Op: "and" } b => Holds(b.L, x) && Holds(b.R, x),
        PBin b => Holds(b.L, x) || Holds(b.R, x),
        PConst c => x == Value(c.C),
        PRel { Op: "<" } r => x < Value(r.C),
        PRel { Op: "<=" } r => x <= Value(r.C),
        PRel { Op: ">" } r => x > Value(r.C),
        PRel r => x >= Value(r.C),
        _ => throw new InvalidOperationException(p.ToString()),
    };

    private static IEnumerable<double> Constants(Pat p) => p switch
    {
        PNot n => Constants(n.P),
        PBin b => Constants(b.L).Concat(Constants(b.R)),
        PConst c => new[] { Value(c.C) },
        PRel r => new[] { Value(r.C) },
        _ => Array.Empty<double>(),
    };

    /// <summary>One value of each class: for an int every integer from below the least constant to above the
    /// greatest; for a real the constants, the points between and beyond them, and NaN.</summary>
    public static double[] Representatives(IEnumerable<Pat> pats, bool isInt)
    {
        var cs = pats.SelectMany(Constants).Distinct().OrderBy(c => c).ToList();
        if (cs.Count == 0) cs.Add(0);
        var r = new List<double>();
        if (isInt)
        {
            for (double i = Math.Floor(cs[0]) - 1; i <= Math.Ceiling(cs[^1]) + 1; i++) r.Add(i);
            return r.ToArray();
        }
        r.Add(cs[0] - 1);
        for (int i = 0; i < cs.Count; i++)
        {
            r.Add(cs[i]);
            if (i + 1 < cs.Count) r.Add((cs[i] + cs[i + 1]) / 2);
        }
        r.Add(cs[^1] + 1);
        r.Add(double.NaN);
        return r.ToArray();
    }

    /// <summary>Whether the compiler accepts these patterns in this order (arms of a switch expression, labels of a
    /// switch statement, one is pattern): each matches some value that no unguarded one before it matches.</summary>
    public static bool Accepted(IReadOnlyList<(Pat P, bool Guarded)> pats, bool isInt)
    {
        double[] reps = Representatives(pats.Select(p => p.P), isInt);
        var covered = new bool[reps.Length];
        foreach (var (p, guarded) in pats)
        {
            bool reaches = false;
            for (int i = 0; i < reps.Length; i++) reaches |= !covered[i] && Holds(p, reps[i]);
            if (!reaches) return false;
            if (!guarded) for (int i = 0; i < reps.Length; i++) covered[i] |= Holds(p, reps[i]);
        }
        return true;
    }

    public static bool Always(Pat p, bool isInt) => Representatives(new[] { p }, isInt).All(x => Holds(p, x));

    /// <summary>Whether the expression reads something the compiler cannot fold to a constant.</summary>
    public static bool Varying(Expr e) => e switch
    {
        Var or Index or Len or Call => true,
        Unary u => Varying(u.E),
        Bin b => Varying(b.L) || Varying(b.R),
        Cond c => Varying(c.C) || Varying(c.T) || Varying(c.F),
        Is i => Varying(i.E),
        SwitchExpr s => true,
        _ => false,
    };
}

/// <summary>A while/do loop with its counter: expanded into "int k = 0;" and the loop by the block that holds it.</summary>
public sealed record PendingLoop(string Counter, Stmt Loop) : Stmt;
/// <summary>Statements drawn together (a buffer and its first writes), spliced into the block.</summary>
public sealed record PendingMany(Stmt[] S) : Stmt;
