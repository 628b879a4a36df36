namespace GradGen.RandomPrograms;

/// <summary>A real value with its tangents (one per differentiable coordinate) and a bound of the tangents'
/// magnitude (sum of |partial|·|tangent| along every path, so cancellation is accounted for).</summary>
public readonly record struct Dual(double V, double[]? T, double[]? B);

/// <summary>What the interpreter computes at one point.</summary>
public sealed class Evaluation
{
    public double Value;
    public double[] Grad = Array.Empty<double>();
    public double[] Bound = Array.Empty<double>();
    /// <summary>Smallest relative margin of a branch decision or kink that depends on differentiable values.</summary>
    public double MinMargin = double.PositiveInfinity;
    /// <summary>A non-finite or huge intermediate was seen.</summary>
    public bool Bad;
    /// <summary>What the smallest margin was (for statistics of skipped points).</summary>
    public string MarginAt = "";
    /// <summary>The program threw (an index out of range...): a defect of the random program.</summary>
    public string? Error;

    /// <summary>Vector form: each element's value, exact gradient and bound (Value, Grad and Bound are element 0's).</summary>
    public double[]? Values;
    public double[][]? Grads, Bounds;
}

/// <summary>Forward-mode interpreter over the program tree, with C# semantics: double (or float, with MathF)
/// arithmetic in the same order, int/long arithmetic, short-circuit logic, only the taken side of ?:.</summary>
public sealed partial class Interpreter
{
    private enum K { Real, Int, Long, Bool, Arr, Jag }

    private readonly struct Val
    {
        public readonly K Kind; public readonly Dual D; public readonly long I; public readonly bool B; public readonly Dual[]? A; public readonly Dual[][]? J;
        /// <summary>Of an array: the elements [Off, Off + Len) of A it stands for (all of A, or a view of it).</summary>
        public readonly int Off, Len;
        private Val(K k, Dual d, long i, bool b, Dual[]? a, Dual[][]? j = null, int off = 0, int len = -1) { Kind = k; D = d; I = i; B = b; A = a; J = j; Off = off; Len = len < 0 ? a?.Length ?? 0 : len; }
        public static Val View(Dual[] a, int off, int len) => new(K.Arr, default, 0, false, a, null, off, len);
        public static Val Jag(Dual[][] j) => new(K.Jag, default, 0, false, null, j);
        public static Val Real(Dual d) => new(K.Real, d, 0, false, null);
        public static Val Int(long i, bool isLong) => new(isLong ? K.Long : K.Int, default, i, false, null);
        public static Val Bool(bool b) => new(K.Bool, default, 0, b, null);
        public static Val Arr(Dual[] a) => new(K.Arr, default, 0, false, a);
    }

    private enum Flow { Normal, Break, Continue, Return }

    private readonly Prog _prog;
    private readonly bool _f;
    private readonly int _k;
    private Evaluation _ev = new();

    /// <summary>Vector form: the elements F's return evaluated.</summary>
    private Dual[]? _vector;
    private const double Huge = 1e10;
    private int _steps;

    public Interpreter(Prog prog)
    {
        _prog = prog;
        _f = prog.IsFloat;
        _k = Coordinates(prog.F);
    }

    /// <summary>Number of scalar differentiable coordinates of F (arrays flattened).</summary>
    public static int Coordinates(Method f) => f.Params.Where(p => p.Differentiable).Sum(p => p.PointValues);

    /// <summary>Number of real values in a point: every real parameter, every array element.</summary>
    public static int PointSize(Method f) => f.Params.Sum(p => p.PointValues);

    public Evaluation Run(double[] point)
    {
        _ev = new Evaluation();
        _steps = 0;
        _depth = 0;
        var env = new Dictionary<string, Val>();
        int pi = 0, coord = 0;
        foreach (Param p in _prog.F.Params)
        {
            if (p.IsReal)
            {
                double[]? t = null, b = null;
                if (p.Differentiable) { t = new double[_k]; b = new double[_k]; t[coord] = 1; b[coord] = 1; coord++; }
                env[p.Name] = Val.Real(new Dual(R(point[pi++]), t, b));
            }
            else if (p.IsArray)
            {
                var arr = new Dual[p.Value];
                for (int j = 0; j < p.Value; j++)
                {
                    double[]? t = null, b = null;
                    if (p.Differentiable) { t = new double[_k]; b = new double[_k]; t[coord] = 1; b[coord] = 1; coord++; }
                    arr[j] = new Dual(R(point[pi++]), t, b);
                }
                env[p.Name] = Val.Arr(arr);
            }
            else if (p.IsTupleData) env[p.Name] = TupleData(p);
            else if (p.IsGrid && p.Differentiable)
            {
                // Weights: rows of the point, each element its own coordinate (a matrix is held as its rows too).
                var rows = new Dual[p.Rows][];
                for (int i = 0; i < p.Rows; i++)
                {
                    rows[i] = new Dual[p.Cols];
                    for (int j = 0; j < p.Cols; j++)
                    {
                        double[] t = new double[_k], b = new double[_k];
                        t[coord] = 1; b[coord] = 1; coord++;
                        rows[i][j] = new Dual(R(point[pi++]), t, b);
                    }
                }
                env[p.Name] = Val.Jag(rows);
            }
            else if (p.IsGrid)
                env[p.Name] = Val.Jag(Enumerable.Range(0, p.Rows).Select(i => Enumerable.Range(0, p.Cols).Select(j => new Dual(R(Param.JaggedValue(i, j)), null, null)).ToArray()).ToArray());
            else env[p.Name] = Val.Int(p.Value, p.Type == "long");
        }
        try
        {
            _vector = null;
            Dual r = Invoke(_prog.F, env);
            _ev.Value = r.V;
            _ev.Grad = r.T ?? new double[_k];
            _ev.Bound = r.B ?? new double[_k];
            if (_ev.Bound.Any(x => !(x <= Huge))) _ev.Bad = true;
            if (_prog.Vector is not null)
            {
                // Every element a dual number: row e of the Jacobian is element e's tangent.
                Dual[] v = _vector ?? throw new InvalidOperationException("a vector-valued F returned no tuple");
                _ev.Values = v.Select(x => x.V).ToArray();
                _ev.Grads = v.Select(x => x.T ?? new double[_k]).ToArray();
                _ev.Bounds = v.Select(x => x.B ?? new double[_k]).ToArray();
                if (_ev.Bounds.Any(b => b.Any(x => !(x <= Huge)))) _ev.Bad = true;
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArithmeticException or InvalidOperationException or ArgumentException)
        {
            _ev.Error = e.GetType().Name + ": " + e.Message;
        }
        return _ev;
    }

    private double R(double v) => _f ? (float)v : v;

    /// <summary>The callee's parameters bound to the call's arguments, evaluated left to right.</summary>
    private Dictionary<string, Val> Frame(Method m, Call c, Dictionary<string, Val> env)
    {
        var frame = new Dictionary<string, Val>();
        for (int i = 0; i < c.Args.Length; i++)
        {
            Val a = Eval(c.Args[i], env);
            Val arg = m.Params[i].IsReal ? Convert(a, K.Real) : a;
            // The callee holds a [NoDerivative] parameter constant: no derivative flows through it (GG1006 says so).
            if (m.Params[i].NoDeriv) arg = Constant(arg);
            frame[m.Params[i].Name] = arg;
        }
        return frame;
    }

    /// <summary>A helper that returns a new array: its statements run in order (it has no return but its last,
    /// <c>return r;</c>), then the array its last statement names.</summary>
    private Val InvokeArray(Method m, Dictionary<string, Val> env)
    {
        if (m.Body.S is not [.., Return { E: Var returned }]) throw new InvalidOperationException("an array helper ends with return r;");
        Dual unused = default;
        foreach (Stmt s in m.Body.S[..^1])
        {
            if (Exec(s, env, ref unused) != Flow.Normal) throw new InvalidOperationException("an array helper returns only at its end");
        }
        return env[returned.Name];
    }

    private Dual Invoke(Method m, Dictionary<string, Val> env)
    {
        // A callee that calls itself recurses a few levels as drawn; a shrunk one whose depth no longer falls is endless, and
        // is reported as such before its compiled form runs (and overflows the stack).
        if (++_depth > MaxDepth) throw new InvalidOperationException("too many steps: calls nested more than " + MaxDepth + " deep");
        try
        {
            Dual result = default;
            Flow fl = Exec(m.Body, env, ref result);
            if (fl != Flow.Return) throw new InvalidOperationException("no return");
            return result;
        }
        finally
        {
            _depth--;
        }
    }

    private const int MaxDepth = 64;

    private int _depth;

    private Flow Exec(Block b, Dictionary<string, Val> env, ref Dual result)
    {
        foreach (Stmt s in b.S)
        {
            Flow f = Exec(s, env, ref result);
            if (f != Flow.Normal) return f;
        }
        return Flow.Normal;
    }

    private Flow Exec(Stmt s, Dictionary<string, Val> env, ref Dual result)
    {
        if (++_steps > 1_000_000) throw new InvalidOperationException("too many steps");
        switch (s)
        {
            case Decl { Init: Call c } d when _prog.Methods.FirstOrDefault(x => x.Name == c.Fn) is { ReturnsArray: true } helper:
                env[d.Name] = InvokeArray(helper, Frame(helper, c, env));
                return Flow.Normal;
            case Decl d:
                env[d.Name] = d.Init is NewArr n ? Val.Arr(Enumerable.Repeat(new Dual(0, null, null), (int)Eval(n.Size, env).I).ToArray()) : Convert(Eval(d.Init, env), d.Type);
                return Flow.Normal;
            case Assign a:
            {
                if (a.Target is Var v)
                {
                    Val old = env[v.Name];
                    Val nv = a.Op == "++" ? (old.Kind == K.Real ? Val.Real(Arith("+", old.D, new Dual(1, null, null))) : Val.Int(old.I + 1, old.Kind == K.Long))
                        : Compound(a.Op, () => old, a.Value!, env);
                    env[v.Name] = Convert(nv, old.Kind);
                }
                else if (a.Target is TupleElem te) AssignTupleElement(a, te, env);
                else if (a.Target is Index ix)
                {
                    Val arr = env[ix.Arr];
                    int i = checked((int)Eval(ix.I, env).I);
                    Dual old = Get(arr, i, ix.Arr);
                    Val nv = a.Op == "++" ? Val.Real(Arith("+", old, new Dual(1, null, null))) : Compound(a.Op, () => Val.Real(old), a.Value!, env);
                    Set(arr, i, Convert(nv, K.Real).D, ix.Arr);
                }
                return Flow.Normal;
            }
            case TupleSet dc:
            {
                // C#: the targets' indices first, then every value left to right, then the assignments left to right.
                var idx = dc.Targets.Select(t => t is Index ix ? checked((int)Eval(ix.I, env).I) : 0).ToArray();
                var vals = dc.Values.Select(v => Eval(v, env)).ToArray();
                for (int j = 0; j < dc.Targets.Length; j++)
                {
                    switch (dc.Targets[j])
                    {
                        case Var { Name: "_" }: break;
                        case Var v when dc.Declare: env[v.Name] = vals[j]; break;
                        case Var v: env[v.Name] = Convert(vals[j], env[v.Name].Kind); break;
                        case Index ix:
                            Set(env[ix.Arr], idx[j], Convert(vals[j], K.Real).D, ix.Arr);
                            break;
                    }
                }
                return Flow.Normal;
            }
            case If i:
                if (Eval(i.C, env).B) return Exec(i.Then, env, ref result);
                return i.Else is null ? Flow.Normal : Exec(i.Else, env, ref result);
            case For f:
                env[f.V] = Convert(Eval(f.Init, env), f.CType);
                while (Eval(f.Cond, env).B)
                {
                    Flow fl = Exec(f.Body, env, ref result);
                    if (fl == Flow.Break) break;
                    if (fl == Flow.Return) return fl;
                    Val c = env[f.V];
                    env[f.V] = Val.Int(c.I + (f.Down ? -1 : 1), c.Kind == K.Long);
                    Tick();
                }
                env.Remove(f.V);
                return Flow.Normal;
            case While w:
                while (Eval(w.C, env).B)
                {
                    Flow fl = Exec(w.Body, env, ref result);
                    if (fl == Flow.Break) break;
                    if (fl == Flow.Return) return fl;
                    Tick();
                }
                return Flow.Normal;
            case DoWhile d:
                do
                {
                    Flow fl = Exec(d.Body, env, ref result);
                    if (fl == Flow.Break) break;
                    if (fl == Flow.Return) return fl;
                    Tick();
                }
                while (Eval(d.C, env).B);
                return Flow.Normal;
            case Foreach fe:
            {
                // foreach (double[] row in d): rows of a jagged parameter.
                if (env[fe.Arr] is { Kind: K.Jag } jagged)
                {
                    foreach (Dual[] row in jagged.J!)
                    {
                        env[fe.V] = Val.Arr(row);
                        Flow fl = Exec(fe.Body, env, ref result);
                        if (fl == Flow.Break) break;
                        if (fl == Flow.Return) return fl;
                        Tick();
                    }
                    env.Remove(fe.V);
                    return Flow.Normal;
                }
                Val arr = env[fe.Arr];
                for (int i = 0; i < arr.Len; i++)
                {
                    env[fe.V] = Val.Real(Get(arr, i, fe.Arr));
                    Flow fl = Exec(fe.Body, env, ref result);
                    if (fl == Flow.Break) break;
                    if (fl == Flow.Return) return fl;
                    Tick();
                }
                env.Remove(fe.V);
                return Flow.Normal;
            }
            case TupleDecl or TupleAssign or TupleFrom or ForeachTuple or LocalFunction: return ExecTupleStmt(s, env, ref result);
            case Break: return Flow.Break;
            case Continue: return Flow.Continue;
            case Return { E: TupleLit t } when _prog.Vector is not null:
                // F's return in vector form: the elements left to right, each converted to the real type.
                _vector = t.Values.Select(v => Convert(Eval(v, env), K.Real).D).ToArray();
                result = _vector[0];
                return Flow.Return;
            case Return r:
                result = Convert(Eval(r.E, env), K.Real).D;
                return Flow.Return;
            case Switch sw:
            {
                // The value once; labels in order, a label's guard only when its pattern matches; the default
                // section when no label matches, wherever it stands.
                Val v = Eval(sw.E, env);
                Section? taken = null;
                foreach (Section sec in sw.Sections)
                {
                    foreach (CaseLabel l in sec.Labels)
                        if (l.P is not null && Match(l.P, v, env) && (l.When is null || Eval(l.When, env).B)) { taken = sec; break; }
                    if (taken is not null) break;
                }
                taken ??= sw.Sections.FirstOrDefault(sec => sec.Labels.Any(l => l.P is null));
                if (taken is null) return Flow.Normal;
                Flow fl = Exec(taken.Body, env, ref result);
                if (fl == Flow.Normal) fl = Exec(taken.End, env, ref result);
                // A break leaves the switch; a continue or return goes on to the loop or method.
                return fl == Flow.Break ? Flow.Normal : fl;
            }
            default: return ExecBuffers(s, env);
        }
    }

    private void Tick() { if (++_steps > 1_000_000) throw new InvalidOperationException("too many steps"); }

    private Val Compound(string op, Func<Val> old, Expr value, Dictionary<string, Val> env)
    {
        if (op == "=") return Eval(value, env);
        Val l = old();
        Val r = Eval(value, env);
        return Binary(op[..1], l, r);
    }

    private Val Convert(Val v, string type) => Convert(v, type switch { "double" or "float" => K.Real, "int" => K.Int, "long" => K.Long, _ => v.Kind });

    private Val Convert(Val v, K kind)
    {
        if (v.Kind == kind) return v;
        if (kind == K.Real && v.Kind is K.Int or K.Long) return Val.Real(new Dual(IntToReal(v.I), null, null));
        if (kind == K.Long && v.Kind == K.Int) return Val.Int(v.I, true);
        throw new InvalidOperationException("cannot convert " + v.Kind + " to " + kind);
    }

    private double IntToReal(long i) => _f ? (float)i : (double)i;

    private Val Eval(Expr e, Dictionary<string, Val> env)
    {
        switch (e)
        {
            case Lit l: return Val.Real(new Dual(_f ? float.Parse(Printer.FloatText((float)l.V), System.Globalization.CultureInfo.InvariantCulture) : l.V, null, null));
            case IntLit i: return Val.Int(i.V, false);
            case Const k: return Val.Real(new Dual(k.Name == "PI" ? (_f ? MathF.PI : Math.PI) : (_f ? MathF.E : Math.E), null, null));
            case Var v: return env.TryGetValue(v.Name, out Val found) ? found : throw new InvalidOperationException("unbound " + v.Name);
            case Len l: return Val.Int(env[l.Arr] is { Kind: K.Jag } jag ? jag.J!.Length : env[l.Arr].Len, false);
            case Row r: return Val.Arr(RowOf(env[r.Arr].J!, Eval(r.I, env).I));
            case RowLen r: return Val.Int(RowOf(env[r.Arr].J!, Eval(r.I, env).I).Length, false);
            case MIndex mi:
            {
                Dual[][] rows = env[mi.Arr].J!;
                long i = Eval(mi.I, env).I, j = Eval(mi.J, env).I;
                if (i < 0 || i >= rows.Length || j < 0 || j >= rows[0].Length) throw new IndexOutOfRangeException(mi.Arr + "[" + i + ", " + j + "]");
                return Val.Real(rows[i][j]);
            }
            case MLen ml:
            {
                Dual[][] rows = env[ml.Arr].J!;
                return Val.Int(ml.Dim switch { 0 => rows.Length, 1 => rows[0].Length, _ => rows.Length * rows[0].Length }, false);
            }
            case JIndex ji:
            {
                Dual[] row = RowOf(env[ji.Arr].J!, Eval(ji.I, env).I);
                long j = Eval(ji.J, env).I;
                if (j < 0 || j >= row.Length) throw new IndexOutOfRangeException(ji.Arr + "[][" + j + "]");
                return Val.Real(row[j]);
            }
            case Index ix: return Val.Real(Get(env[ix.Arr], Eval(ix.I, env).I, ix.Arr));
            case ToInt t:
            {
                // Truncation toward zero, saturating (NaN to 0) as .NET's conversion is; a step at every integer.
                Val x = Eval(t.E, env);
                double v = x.D.V;
                Kink(x.D, Math.Abs(v - Math.Round(v)));
                return Val.Int((int)v, false);
            }
            case Reduce r: return Val.Real(Reduction(r.Fn, Elements(env[r.Arr])));
            case Query q: return Val.Real(EvalQuery(q, env));
            case NewArr n: return Val.Arr(Enumerable.Repeat(new Dual(0, null, null), (int)Eval(n.Size, env).I).ToArray());
            case AssignExpr ae:
            {
                // The value (converted to the variable's type) is stored, and is the result; x++ gives the old value.
                string name = ((Var)ae.Target).Name;
                Val old = env[name];
                if (ae.Op == "=") return env[name] = Convert(Eval(ae.Value!, env), old.Kind);
                Val nv = old.Kind == K.Real ? Val.Real(Arith("+", old.D, new Dual(1, null, null))) : Val.Int(old.Kind == K.Long ? old.I + 1 : (int)(old.I + 1), old.Kind == K.Long);
                env[name] = nv;
                return ae.Op == "pre++" ? nv : old;
            }
            case TupleElem or TupleDataElem: return EvalTupleExpr(e, env);
            case Unary { Op: "!" } u: return Val.Bool(!Eval(u.E, env).B);
            case Unary u:
            {
                Val x = Eval(u.E, env);
                if (x.Kind != K.Real) return Val.Int(-x.I, x.Kind == K.Long);
                return Val.Real(Check(new Dual(-x.D.V, Scale(-1, x.D.T), x.D.B)));
            }
            case Bin { Op: "&&" } b: return Val.Bool(Eval(b.L, env).B && Eval(b.R, env).B);
            case Bin { Op: "||" } b: return Val.Bool(Eval(b.L, env).B || Eval(b.R, env).B);
            case Bin b:
            {
                Val l = Eval(b.L, env);
                Val r = Eval(b.R, env);
                return Binary(b.Op, l, r);
            }
            case Cond c: return Eval(c.C, env).B ? Eval(c.T, env) : Eval(c.F, env);
            case Is i: return Val.Bool(Match(i.P, Eval(i.E, env), env));
            case SwitchExpr sw:
            {
                // The value once; arms in order, an arm's guard only when its pattern matches.
                Val v = Eval(sw.E, env);
                foreach (Arm a in sw.Arms)
                    if (Match(a.P, v, env) && (a.When is null || Eval(a.When, env).B)) return Eval(a.Value, env);
                // C# throws SwitchExpressionException, an InvalidOperationException.
                throw new InvalidOperationException("no arm of the switch expression matches");
            }
            case Call c when c.Fn == "WithoutDerivative":
            {
                Val x = Eval(c.Args[0], env);
                return x.Kind == K.Real ? Val.Real(new Dual(x.D.V, null, null)) : x;
            }
            case Call c when _localFunctions.ContainsKey(c.Fn): return Val.Real(CallLocalFunction(c, env));
            case Call c when MathFunctions.IsMath(c.Fn):
            {
                var args = new Dual[c.Args.Length];
                bool allInt = true;
                long[] ints = new long[c.Args.Length];
                for (int i = 0; i < args.Length; i++)
                {
                    Val a = Eval(c.Args[i], env);
                    if (a.Kind == K.Real) allInt = false; else ints[i] = a.I;
                    args[i] = Convert(a, K.Real).D;
                }
                if (allInt) throw new InvalidOperationException("Math call on ints is not generated");
                return MathCall(c.Fn, args);
            }
            case Call c:
            {
                Method m = _prog.Methods.First(x => x.Name == c.Fn);
                return Val.Real(Invoke(m, Frame(m, c, env)));
            }
            default: throw new InvalidOperationException(e.ToString());
        }
    }

    /// <summary>Whether value v matches pattern p, as C# decides it: the constant converted to v's type; a relational or
    /// constant pattern is a comparison (false for NaN, and its margin recorded when v is differentiable); not, and, or.</summary>
    private bool Match(Pat p, Val v, Dictionary<string, Val> env)
    {
        switch (p)
        {
            case PDiscard: return true;
            case PNot n: return !Match(n.P, v, env);
            case PBin { Op: "and" } b: return Match(b.L, v, env) && Match(b.R, v, env);
            case PBin { Op: "or" } b: return Match(b.L, v, env) || Match(b.R, v, env);
            case PConst c: return Binary("==", v, PatternConstant(c.C, v, env)).B;
            case PRel r: return Binary(r.Op, v, PatternConstant(r.C, v, env)).B;
            default: throw new InvalidOperationException(p.ToString());
        }
    }

    private Val PatternConstant(Expr c, Val input, Dictionary<string, Val> env)
    {
        Val k = Eval(c, env);
        if (input.Kind == K.Real) return Convert(k, K.Real);
        if (k.Kind == K.Real) throw new InvalidOperationException("a real constant in a pattern on an integer");
        return input.Kind == K.Long ? Convert(k, K.Long) : k;
    }

    private static Val Constant(Val v) => v.Kind switch
    {
        K.Real => Val.Real(new Dual(v.D.V, null, null)),
        K.Arr => Val.Arr(Elements(v).Select(d => new Dual(d.V, null, null)).ToArray()),
        _ => v,
    };

    private Val Binary(string op, Val l, Val r)
    {
        if (l.Kind != K.Real && r.Kind != K.Real)
        {
            bool isLong = l.Kind == K.Long || r.Kind == K.Long;
            long a = l.I, b = r.I;
            switch (op)
            {
                case "<": return Val.Bool(a < b);
                case "<=": return Val.Bool(a <= b);
                case ">": return Val.Bool(a > b);
                case ">=": return Val.Bool(a >= b);
                case "==": return Val.Bool(a == b);
                case "!=": return Val.Bool(a != b);
            }
            long v = op switch
            {
                "+" => a + b, "-" => a - b, "*" => a * b,
                "/" => b == 0 ? throw new DivideByZeroException() : a / b,
                "%" => b == 0 ? throw new DivideByZeroException() : a % b,
                _ => throw new InvalidOperationException(op),
            };
            return Val.Int(isLong ? v : (int)v, isLong);
        }
        Dual x = Convert(l, K.Real).D, y = Convert(r, K.Real).D;
        switch (op)
        {
            case "<": Compare(x, y); return Val.Bool(_f ? (float)x.V < (float)y.V : x.V < y.V);
            case "<=": Compare(x, y); return Val.Bool(x.V <= y.V);
            case ">": Compare(x, y); return Val.Bool(x.V > y.V);
            case ">=": Compare(x, y); return Val.Bool(x.V >= y.V);
            case "==": Compare(x, y); return Val.Bool(x.V == y.V);
            case "!=": Compare(x, y); return Val.Bool(x.V != y.V);
        }
        return Val.Real(Arith(op, x, y));
    }

    private void Compare(Dual x, Dual y)
    {
        // A value computed from the parameters decides the branch even where its derivative is zero: x² != 0 at x = 0 is
        // decided otherwise a step away, where differences of the gradient (the Hessian check) look.
        if (x.T is null && y.T is null) return;
        Margin(Math.Abs(x.V - y.V) / Math.Max(1, Math.Max(Math.Abs(x.V), Math.Abs(y.V))));
    }

    private void Margin(double m, [System.Runtime.CompilerServices.CallerMemberName] string what = "")
    {
        if (!(m >= _ev.MinMargin)) { _ev.MinMargin = m; _ev.MarginAt = what; }
    }

    private Dual Arith(string op, Dual x, Dual y)
    {
        double a = x.V, b = y.V;
        double v;
        if (op == "%" && (Varies(x) || Varies(y)))
        {
            // fmod has a jump where a / b crosses an integer.
            double q = a / b;
            Margin(Math.Abs(q - Math.Round(q)) / Math.Max(1, Math.Abs(q)), "Remainder");
        }
        if (_f)
        {
            float fa = (float)a, fb = (float)b;
            v = op switch { "+" => fa + fb, "-" => fa - fb, "*" => fa * fb, "/" => fa / fb, "%" => fa % fb, _ => throw new InvalidOperationException(op) };
        }
        else v = op switch { "+" => a + b, "-" => a - b, "*" => a * b, "/" => a / b, "%" => a % b, _ => throw new InvalidOperationException(op) };
        return op switch
        {
            "+" => Lin(v, 1, x, 1, y),
            "-" => Lin(v, 1, x, -1, y),
            "*" => Lin(v, b, x, a, y),
            "/" => Lin(v, 1 / b, x, -a / (b * b), y),
            "%" => Lin(v, 1, x, -Math.Truncate(a / b), y),
            _ => throw new InvalidOperationException(op),
        };
    }

    private Val MathCall(string fn, Dual[] a)
    {
        double x = a[0].V;
        double y0 = a.Length > 1 ? a[1].V : 0;
        Dual D1(double v, double d) => Lin(v, d, a[0], 0, default);
        // A partial computed as a difference of near-equal terms (1 − tanh², 1 − x²) carries the rounding
        // error of those terms, not of the difference: its bound is the terms' magnitude.
        Dual D1c(double v, double d, double magnitude) => Lin(v, d, a[0], 0, default, magnitude);
        double Cancelling(double d, double terms, double difference) => Math.Abs(d) * terms / Math.Abs(difference);
        if (_f)
        {
            float fx = (float)x;
            float fy = a.Length > 1 ? (float)a[1].V : 0;
            switch (fn)
            {
                case "Sin": return Val.Real(D1(MathF.Sin(fx), Math.Cos(x)));
                case "Cos": return Val.Real(D1(MathF.Cos(fx), -Math.Sin(x)));
                case "Tan": { double c = Math.Cos(x); return Val.Real(D1(MathF.Tan(fx), 1 / (c * c))); }
                case "Asin": return Val.Real(D1c(MathF.Asin(fx), 1 / Math.Sqrt(1 - x * x), Cancelling(1 / Math.Sqrt(1 - x * x), 1 + x * x, 1 - x * x)));
                case "Acos": return Val.Real(D1c(MathF.Acos(fx), -1 / Math.Sqrt(1 - x * x), Cancelling(1 / Math.Sqrt(1 - x * x), 1 + x * x, 1 - x * x)));
                case "Atan": return Val.Real(D1(MathF.Atan(fx), 1 / (1 + x * x)));
                case "Sinh": return Val.Real(D1(MathF.Sinh(fx), Math.Cosh(x)));
                case "Cosh": return Val.Real(D1(MathF.Cosh(fx), Math.Sinh(x)));
                case "Tanh": { double t = Math.Tanh(x); return Val.Real(D1c(MathF.Tanh(fx), 1 - t * t, 1 + t * t)); }
                case "SinCos.Sin": return Val.Real(D1(MathF.SinCos(fx).Sin, Math.Cos(x)));
                case "SinCos.Cos": return Val.Real(D1(MathF.SinCos(fx).Cos, -Math.Sin(x)));
                case "Asinh": return Val.Real(D1(MathF.Asinh(fx), 1 / Math.Sqrt(x * x + 1)));
                case "Acosh": return Val.Real(D1c(MathF.Acosh(fx), 1 / Math.Sqrt(x * x - 1), Cancelling(1 / Math.Sqrt(x * x - 1), x * x + 1, x * x - 1)));
                case "Atanh": return Val.Real(D1c(MathF.Atanh(fx), 1 / (1 - x * x), Cancelling(1 / (1 - x * x), 1 + x * x, 1 - x * x)));
                case "Exp": return Val.Real(D1(MathF.Exp(fx), Math.Exp(x)));
                case "Log" when a.Length == 1: return Val.Real(D1(MathF.Log(fx), 1 / x));
                case "Log": return Val.Real(Log2Args(MathF.Log(fx, fy), a));
                case "Log10": return Val.Real(D1(MathF.Log10(fx), 1 / (x * Math.Log(10))));
                case "Log2": return Val.Real(D1(MathF.Log2(fx), 1 / (x * Math.Log(2))));
                case "Sqrt": return Val.Real(D1(MathF.Sqrt(fx), 0.5 / Math.Sqrt(x)));
                case "Cbrt": { double c = Math.Cbrt(x); return Val.Real(D1(MathF.Cbrt(fx), 1 / (3 * c * c))); }
                case "Abs": Kink(a[0], Math.Abs(x)); return Val.Real(D1(MathF.Abs(fx), x < 0 ? -1 : 1));
                case "Sign": Kink(a[0], Math.Abs(x)); return Val.Int(MathF.Sign(fx), false);
                case "Floor": Kink(a[0], Math.Abs(x - Math.Round(x))); return Val.Real(D1(MathF.Floor(fx), 0));
                case "Ceiling": Kink(a[0], Math.Abs(x - Math.Round(x))); return Val.Real(D1(MathF.Ceiling(fx), 0));
                case "Truncate": Kink(a[0], Math.Abs(x - Math.Round(x))); return Val.Real(D1(MathF.Truncate(fx), 0));
                case "Round": Kink(a[0], Math.Abs(x - Math.Floor(x) - 0.5)); return Val.Real(D1(MathF.Round(fx), 0));
                case "Atan2": return Val.Real(Atan2(MathF.Atan2(fx, fy), a));
                case "Pow": return Val.Real(Pow(MathF.Pow(fx, fy), a));
                case "Max": MaxMin(a); return Val.Real(Select(MathF.Max(fx, fy), a));
                case "Min": MaxMin(a); return Val.Real(Select(MathF.Min(fx, fy), a));
                case "FusedMultiplyAdd": return Val.Real(Fma(MathF.FusedMultiplyAdd(fx, fy, (float)a[2].V), a));
                case "Clamp": ClampMargins(a); return Val.Real(Clamp(Math.Clamp(fx, fy, (float)a[2].V), a));
                case "Hypot": return Val.Real(Hypot(float.Hypot(fx, fy), a));
                case "LogP1": return Val.Real(D1(float.LogP1(fx), 1 / (x + 1)));
                case "ExpM1": return Val.Real(D1(float.ExpM1(fx), Math.Exp(x)));
                case "CopySign": CopySignMargins(a); return Val.Real(D1(MathF.CopySign(fx, fy), Math.CopySign(1, x) * Math.CopySign(1, y0)));
                case "ScaleB": return Val.Real(D1(MathF.ScaleB(fx, (int)a[1].V), Math.ScaleB(1.0, (int)a[1].V)));
                case "ReciprocalSqrtEstimate": return Val.Real(D1(MathF.ReciprocalSqrtEstimate(fx), -0.5 / (x * Math.Sqrt(x))));
            }
        }
        else
        {
            double y = a.Length > 1 ? a[1].V : 0;
            switch (fn)
            {
                case "Sin": return Val.Real(D1(Math.Sin(x), Math.Cos(x)));
                case "Cos": return Val.Real(D1(Math.Cos(x), -Math.Sin(x)));
                case "Tan": { double c = Math.Cos(x); return Val.Real(D1(Math.Tan(x), 1 / (c * c))); }
                case "Asin": return Val.Real(D1c(Math.Asin(x), 1 / Math.Sqrt(1 - x * x), Cancelling(1 / Math.Sqrt(1 - x * x), 1 + x * x, 1 - x * x)));
                case "Acos": return Val.Real(D1c(Math.Acos(x), -1 / Math.Sqrt(1 - x * x), Cancelling(1 / Math.Sqrt(1 - x * x), 1 + x * x, 1 - x * x)));
                case "Atan": return Val.Real(D1(Math.Atan(x), 1 / (1 + x * x)));
                case "Sinh": return Val.Real(D1(Math.Sinh(x), Math.Cosh(x)));
                case "Cosh": return Val.Real(D1(Math.Cosh(x), Math.Sinh(x)));
                case "Tanh": { double t = Math.Tanh(x); return Val.Real(D1c(t, 1 - t * t, 1 + t * t)); }
                case "SinCos.Sin": return Val.Real(D1(Math.SinCos(x).Sin, Math.Cos(x)));
                case "SinCos.Cos": return Val.Real(D1(Math.SinCos(x).Cos, -Math.Sin(x)));
                case "Asinh": return Val.Real(D1(Math.Asinh(x), 1 / Math.Sqrt(x * x + 1)));
                case "Acosh": return Val.Real(D1c(Math.Acosh(x), 1 / Math.Sqrt(x * x - 1), Cancelling(1 / Math.Sqrt(x * x - 1), x * x + 1, x * x - 1)));
                case "Atanh": return Val.Real(D1c(Math.Atanh(x), 1 / (1 - x * x), Cancelling(1 / (1 - x * x), 1 + x * x, 1 - x * x)));
                case "Exp": { double v = Math.Exp(x); return Val.Real(D1(v, v)); }
                case "Log" when a.Length == 1: return Val.Real(D1(Math.Log(x), 1 / x));
                case "Log": return Val.Real(Log2Args(Math.Log(x, y), a));
                case "Log10": return Val.Real(D1(Math.Log10(x), 1 / (x * Math.Log(10))));
                case "Log2": return Val.Real(D1(Math.Log2(x), 1 / (x * Math.Log(2))));
                case "Sqrt": { double v = Math.Sqrt(x); return Val.Real(D1(v, 0.5 / v)); }
                case "Cbrt": { double c = Math.Cbrt(x); return Val.Real(D1(c, 1 / (3 * c * c))); }
                case "Abs": Kink(a[0], Math.Abs(x)); return Val.Real(D1(Math.Abs(x), x < 0 ? -1 : 1));
                case "Sign": Kink(a[0], Math.Abs(x)); return Val.Int(Math.Sign(x), false);
                case "Floor": Kink(a[0], Math.Abs(x - Math.Round(x))); return Val.Real(D1(Math.Floor(x), 0));
                case "Ceiling": Kink(a[0], Math.Abs(x - Math.Round(x))); return Val.Real(D1(Math.Ceiling(x), 0));
                case "Truncate": Kink(a[0], Math.Abs(x - Math.Round(x))); return Val.Real(D1(Math.Truncate(x), 0));
                case "Round": Kink(a[0], Math.Abs(x - Math.Floor(x) - 0.5)); return Val.Real(D1(Math.Round(x), 0));
                case "Atan2": return Val.Real(Atan2(Math.Atan2(x, y), a));
                case "Pow": return Val.Real(Pow(Math.Pow(x, y), a));
                case "Max": MaxMin(a); return Val.Real(Select(Math.Max(x, y), a));
                case "Min": MaxMin(a); return Val.Real(Select(Math.Min(x, y), a));
                case "FusedMultiplyAdd": return Val.Real(Fma(Math.FusedMultiplyAdd(x, y, a[2].V), a));
                case "Clamp": ClampMargins(a); return Val.Real(Clamp(Math.Clamp(x, y, a[2].V), a));
                case "Hypot": return Val.Real(Hypot(double.Hypot(x, y), a));
                case "LogP1": return Val.Real(D1(double.LogP1(x), 1 / (x + 1)));
                case "ExpM1": return Val.Real(D1(double.ExpM1(x), Math.Exp(x)));
                case "CopySign": CopySignMargins(a); return Val.Real(D1(Math.CopySign(x, y), Math.CopySign(1, x) * Math.CopySign(1, y)));
                case "ScaleB": return Val.Real(D1(Math.ScaleB(x, (int)y), Math.ScaleB(1.0, (int)y)));
                case "ReciprocalSqrtEstimate": return Val.Real(D1(Math.ReciprocalSqrtEstimate(x), -0.5 / (x * Math.Sqrt(x))));
            }
        }
        throw new InvalidOperationException("unknown function " + fn + "/" + a.Length);
    }

    /// <summary>LINQ's Sum, Average, Max and Min of an array: Sum adds left to right from +0 (in double for a float
    /// array, then rounds), Average divides that sum by the length; Max skips leading NaNs and keeps the first of equal
    /// values, Min keeps the first of equal values and stops at the first NaN after the first element (LINQ's loop over
    /// the array's span); each comparison of varying values is a decision.</summary>
    private Dual Reduction(string fn, Dual[] a)
    {
        if (a.Length == 0) throw new InvalidOperationException("Sequence contains no elements");
        if (fn is "Sum" or "Average")
        {
            double s = 0;
            double[]? t = null, b = null;
            foreach (Dual d in a)
            {
                s += d.V;
                if (d.T is null) continue;
                t ??= new double[_k]; b ??= new double[_k];
                for (int k = 0; k < _k; k++) { t[k] += d.T[k]; b[k] += d.B![k]; }
            }
            if (fn == "Average")
            {
                s /= a.Length;
                if (t is not null) for (int k = 0; k < _k; k++) { t[k] /= a.Length; b![k] /= a.Length; }
            }
            return Check(new Dual(R(s), t, b));
        }
        Dual m = a[0];
        for (int i = 1; i < a.Length; i++)
        {
            MaxMin(new[] { a[i], m });
            if (fn == "Max" ? a[i].V > m.V || double.IsNaN(m.V) : a[i].V < m.V) m = a[i];
            // Min over an array's span stops at the first NaN after the first element.
            else if (fn == "Min" && double.IsNaN(a[i].V)) { m = a[i]; break; }
        }
        return m;
    }

    private static Dual[] RowOf(Dual[][] rows, long i) =>
        i < 0 || i >= rows.Length ? throw new IndexOutOfRangeException("row " + i) : rows[i];

    private void Kink(Dual x, double distance)
    {
        if (!Varies(x)) return;
        Margin(distance / Math.Max(1, Math.Abs(x.V)));
    }

    private void MaxMin(Dual[] a)
    {
        if (!Varies(a[0]) && !Varies(a[1])) return;
        Margin(Math.Abs(a[0].V - a[1].V) / Math.Max(1, Math.Max(Math.Abs(a[0].V), Math.Abs(a[1].V))));
    }

    /// <summary>Has a non-zero tangent: a decision on it can change when the inputs move.</summary>
    private static bool Varies(Dual d)
    {
        if (d.T is null) return false;
        foreach (double t in d.T) if (t != 0) return true;
        return false;
    }

    private Dual Select(double v, Dual[] a) => v == a[0].V ? Lin(v, 1, a[0], 0, default) : Lin(v, 0, default, 1, a[1]);

    private Dual Log2Args(double v, Dual[] a)
    {
        double x = a[0].V, b = a[1].V, lb = Math.Log(b);
        return Lin(v, 1 / (x * lb), a[0], -Math.Log(x) / (b * lb * lb), a[1]);
    }

    private Dual Atan2(double v, Dual[] a)
    {
        double y = a[0].V, x = a[1].V, r = x * x + y * y;
        return Lin(v, x / r, a[0], -y / r, a[1]);
    }

    private Dual Pow(double v, Dual[] a)
    {
        double x = a[0].V, y = a[1].V;
        double dx = y == 0 ? 0 : y * Math.Pow(x, y - 1);
        double dy = a[1].T is null ? 0 : Math.Pow(x, y) * Math.Log(x);
        return Lin(v, dx, a[0], dy, a[1]);
    }

    /// <summary>Math.Clamp(x, lo, hi): the derivative goes to the argument that is the value.</summary>
    private Dual Clamp(double v, Dual[] a) =>
        a[0].V < a[1].V ? Lin(v, 1, a[1], 0, default) : a[0].V > a[2].V ? Lin(v, 1, a[2], 0, default) : Lin(v, 1, a[0], 0, default);

    private void ClampMargins(Dual[] a)
    {
        if (!Varies(a[0]) && !Varies(a[1]) && !Varies(a[2])) return;
        double scale = Math.Max(1, Math.Max(Math.Abs(a[0].V), Math.Max(Math.Abs(a[1].V), Math.Abs(a[2].V))));
        Margin(Math.Min(Math.Abs(a[0].V - a[1].V), Math.Abs(a[0].V - a[2].V)) / scale);
    }

    /// <summary>CopySign(x, y) has a kink at x = 0 and jumps where y changes sign.</summary>
    private void CopySignMargins(Dual[] a)
    {
        if (Varies(a[0])) Margin(Math.Abs(a[0].V) / Math.Max(1, Math.Abs(a[0].V)));
        if (Varies(a[1])) Margin(Math.Abs(a[1].V) / Math.Max(1, Math.Abs(a[1].V)));
    }

    private Dual Hypot(double v, Dual[] a) => Lin(v, a[0].V / v, a[0], a[1].V / v, a[1]);

    private Dual Fma(double v, Dual[] a)
    {
        Dual ab = Lin(v, a[1].V, a[0], a[0].V, a[1]);
        return Lin(v, 1, ab, 1, a[2]);
    }

    private static double[]? Scale(double c, double[]? t)
    {
        if (t is null) return null;
        var r = new double[t.Length];
        for (int i = 0; i < t.Length; i++) r[i] = c * t[i];
        return r;
    }

    /// <summary>v with tangent ca·x' + cb·y' and bound |ca|·bx + |cb|·by (or the magnitude given for ca).</summary>
    private Dual Lin(double v, double ca, Dual x, double cb, Dual y, double? boundA = null)
    {
        double ba = boundA ?? Math.Abs(ca);
        double[]? t = null, b = null;
        if (x.T is not null && ca != 0 || y.T is not null && cb != 0)
        {
            t = new double[_k];
            b = new double[_k];
            if (x.T is not null && ca != 0)
                for (int i = 0; i < _k; i++) { t[i] += ca * x.T[i]; b[i] += ba * x.B![i]; }
            if (y.T is not null && cb != 0)
                for (int i = 0; i < _k; i++) { t[i] += cb * y.T[i]; b[i] += Math.Abs(cb) * y.B![i]; }
        }
        return Check(new Dual(v, t, b));
    }

    private Dual Check(Dual d)
    {
        if (!(Math.Abs(d.V) <= Huge)) _ev.Bad = true;
        // Near underflow, float and double results lose their relative precision: not a fair point.
        if (d.V != 0 && Math.Abs(d.V) < (_f ? 1e-30 : 1e-290)) _ev.Bad = true;
        if (d.B is not null)
            foreach (double b in d.B) if (!(b <= Huge)) { _ev.Bad = true; break; }
        return d;
    }
}
