namespace GradGen.RandomPrograms;

// The oracle's views, queries, copies and fills. A view is an array value that stands for elements [Off, Off + Len) of
// another array, so writes through it and through the array meet, as in C#. A reassigned buffer (h = next) and a swap are
// the ordinary assignments of array values: the two names share one array, exactly as in C# (GradGen copies elements
// instead, which the grammar only draws where the sharing cannot be seen).
public sealed partial class Interpreter
{
    /// <summary>Element i of an array value (a whole array or a view), checked against the value's own length.</summary>
    private static Dual Get(Val arr, long i, string name = "array")
    {
        if (i < 0 || i >= arr.Len) throw new IndexOutOfRangeException(name + "[" + i + "]");
        return arr.A![arr.Off + i];
    }

    private static void Set(Val arr, long i, Dual d, string name = "array")
    {
        if (i < 0 || i >= arr.Len) throw new IndexOutOfRangeException(name + "[" + i + "]");
        arr.A![arr.Off + i] = d;
    }

    /// <summary>The elements an array value stands for, as a new array (for reading).</summary>
    private static Dual[] Elements(Val arr) => arr.A!.Skip(arr.Off).Take(arr.Len).ToArray();

    private int IntOf(Expr e, Dictionary<string, Val> env) => checked((int)Eval(e, env).I);

    private static void Require(bool ok, string what)
    {
        // The grammar draws views, copies and fills inside their arrays; a failure here is the tester's own defect.
        if (!ok) throw new InvalidOperationException("out of range: " + what);
    }

    private Flow ExecBuffers(Stmt s, Dictionary<string, Val> env)
    {
        switch (s)
        {
            case ViewDecl v:
            {
                Val b = env[v.Arr];
                int length = b.Len, start, count;
                if (v.Form == "range")
                {
                    start = v.A is null ? 0 : IntOf(v.A, env);
                    int end = v.B is null ? length : v.B is Unary { Op: "^" } fromEnd ? length - IntOf(fromEnd.E, env) : IntOf(v.B, env);
                    Require(start >= 0 && start <= end && end <= length, v.Name);
                    count = end - start;
                }
                else if (v.A is null) { start = 0; count = length; }
                else
                {
                    start = IntOf(v.A, env);
                    count = v.B is null ? length - start : IntOf(v.B, env);
                    Require(start >= 0 && count >= 0 && start <= length - count, v.Name);
                }
                env[v.Name] = Val.View(b.A!, b.Off + start, count);
                return Flow.Normal;
            }
            case CopyStmt c:
            {
                Val src = env[c.Src], dst = env[c.Dst];
                int si = c.Si is null ? 0 : IntOf(c.Si, env);
                int di = c.Di is null ? 0 : IntOf(c.Di, env);
                int n = c.N is null ? src.Len : IntOf(c.N, env);
                Require(n >= 0 && si >= 0 && di >= 0 && si <= src.Len - n && di <= dst.Len - n, "copy " + c.Src + " to " + c.Dst);
                // As if through a temporary (memmove), which is what Array.Copy and CopyTo do when the two overlap.
                var values = new Dual[n];
                for (int k = 0; k < n; k++) values[k] = Get(src, si + k);
                for (int k = 0; k < n; k++) Set(dst, di + k, values[k]);
                return Flow.Normal;
            }
            case FillStmt f:
            {
                Val dst = env[f.Dst];
                Dual value = f.Value is null ? new Dual(0, null, null) : Convert(Eval(f.Value, env), K.Real).D;
                int start = f.S is null ? 0 : IntOf(f.S, env);
                int count = f.C is null ? dst.Len : IntOf(f.C, env);
                Require(start >= 0 && count >= 0 && start <= dst.Len - count, "fill " + f.Dst);
                for (int k = 0; k < count; k++) Set(dst, start + k, value);
                return Flow.Normal;
            }
            default:
                throw new InvalidOperationException(s.ToString());
        }
    }

    /// <summary>
    /// A query as LINQ runs it: the selector once per element, in order, lazily. Sum adds from +0 in double (a float result
    /// rounds at the end); Average adds from the first value (from -0, the same thing) and divides in double; Max starts from
    /// NaN, which the first value replaces, and keeps the first of equal values; Min stops at the first NaN. Each comparison of
    /// varying values is a decision whose margin is recorded.
    /// </summary>
    private Dual EvalQuery(Query q, Dictionary<string, Val> env)
    {
        Val src = Eval(q.Src, env);
        Val src2 = q.Src2 is null ? default : Eval(q.Src2, env);
        int count = q.Kind == "zip" ? Math.Min(src.Len, src2.Len) : src.Len;
        Dual Value(int k)
        {
            Dual x = Get(src, k, "query source");
            return q.Kind switch
            {
                "group" => Convert(MathCall(q.Group!, new[] { x }), K.Real).D,
                "zip" => Apply(q, new[] { Val.Real(x), Val.Real(Get(src2, k, "query source")) }, env),
                "select" when q.Params.Length == 2 => Apply(q, new[] { Val.Real(x), Val.Int(k, false) }, env),
                _ => Apply(q, new[] { Val.Real(x) }, env),
            };
        }

        if (count == 0 && q.Fn != "Sum") throw new InvalidOperationException("Sequence contains no elements");
        if (q.Fn is "Sum" or "Average")
        {
            double s = q.Fn == "Sum" ? 0.0 : -0.0;
            double[]? t = null, b = null;
            for (int k = 0; k < count; k++)
            {
                Dual d = Value(k);
                s += d.V;
                if (d.T is null) continue;
                t ??= new double[_k]; b ??= new double[_k];
                for (int i = 0; i < _k; i++) { t[i] += d.T[i]; b[i] += d.B![i]; }
            }
            if (q.Fn == "Average")
            {
                s /= count;
                if (t is not null) for (int i = 0; i < _k; i++) { t[i] /= count; b![i] /= count; }
            }
            return Check(new Dual(R(s), t, b));
        }

        Dual best = new(double.NaN, null, null);
        for (int k = 0; k < count; k++)
        {
            Dual d = Value(k);
            if (q.Fn == "Min" && double.IsNaN(d.V)) return d;
            if (k > 0) MaxMin(new[] { d, best });
            if (q.Fn == "Max" ? d.V > best.V || double.IsNaN(best.V) : k == 0 || d.V < best.V) best = d;
        }
        return best;
    }

    /// <summary>The query's lambda at these arguments: its parameters bound for the time of the call.</summary>
    private Dual Apply(Query q, Val[] args, Dictionary<string, Val> env)
    {
        for (int i = 0; i < q.Params.Length; i++) env[q.Params[i]] = args[i];
        try
        {
            return Convert(Eval(q.Body!, env), K.Real).D;
        }
        finally
        {
            foreach (string p in q.Params) env.Remove(p);
        }
    }
}
